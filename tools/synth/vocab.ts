/**
 * Word lists and weight tables for the synthetic TMDB catalog. Frequencies follow what the real
 * export shows (tmdb_top3000.csv for the most voted films, tmdb_random113.csv for the long tail):
 * see tools/synth/generator.ts for how they are combined.
 */

/** The 19 TMDB genres with [weight among the long tail, weight among well-voted films]. */
export const GENRES: ReadonlyArray<readonly [string, number, number]> = [
  ["Drama", 250, 1165],
  ["Documentary", 160, 5],
  ["Comedy", 150, 980],
  ["Animation", 62, 283],
  ["Horror", 55, 385],
  ["Music", 46, 65],
  ["Romance", 45, 436],
  ["Thriller", 45, 872],
  ["Action", 40, 948],
  ["Crime", 30, 473],
  ["Family", 30, 403],
  ["TV Movie", 26, 10],
  ["Fantasy", 20, 458],
  ["Adventure", 20, 761],
  ["Mystery", 18, 292],
  ["Science Fiction", 18, 480],
  ["History", 16, 139],
  ["War", 10, 94],
  ["Western", 8, 37],
];

/**
 * Languages: [ISO 639-1 code, tail weight, well-voted weight, English name (spoken_languages),
 * script family of native titles, production countries].
 */
export type Script =
  | "en"
  | "latin"
  | "cyrillic"
  | "zh"
  | "ja"
  | "ko"
  | "arabic"
  | "persian"
  | "hebrew"
  | "devanagari"
  | "greek"
  | "thai"
  | "tamil"
  | "telugu"
  | "malayalam"
  | "kannada"
  | "bengali"
  | "none";

export interface Language {
  code: string;
  tail: number;
  top: number;
  name: string;
  script: Script;
  countries: readonly string[];
}

const rep = (name: string, n: number): string[] => Array.from({ length: n }, () => name);

const L = (
  code: string,
  tail: number,
  top: number,
  name: string,
  script: Script,
  countries: string[],
): Language => ({ code, tail, top, name, script, countries });

export const LANGUAGES: readonly Language[] = [
  L("en", 560, 2792, "English", "en", [
    ...rep("United States of America", 16), ...rep("United Kingdom", 4), ...rep("Canada", 2),
    "Australia", "Ireland", "New Zealand", "South Africa", "Australia",
  ]),
  L("fr", 48, 50, "French", "latin", ["France", "France", "France", "Belgium", "Canada", "Switzerland"]),
  L("es", 50, 20, "Spanish", "latin", ["Spain", "Mexico", "Argentina", "Colombia", "Chile", "Peru", "Spain", "Mexico", "Cuba", "Venezuela", "Uruguay"]),
  L("de", 45, 15, "German", "latin", ["Germany", "Germany", "Germany", "Austria", "Switzerland"]),
  L("ja", 45, 39, "Japanese", "ja", ["Japan"]),
  L("it", 26, 32, "Italian", "latin", ["Italy"]),
  L("pt", 30, 3, "Portuguese", "latin", ["Brazil", "Brazil", "Portugal"]),
  L("ru", 24, 2, "Russian", "cyrillic", ["Russia", "Russia", "Soviet Union"]),
  L("zh", 20, 3, "Mandarin", "zh", ["China", "China", "Taiwan", "Hong Kong"]),
  L("cn", 6, 9, "Cantonese", "zh", ["Hong Kong"]),
  L("ko", 15, 13, "Korean", "ko", ["South Korea"]),
  L("hi", 10, 2, "Hindi", "devanagari", ["India"]),
  L("nl", 10, 1, "Dutch", "latin", ["Netherlands", "Belgium"]),
  L("sv", 10, 6, "Swedish", "latin", ["Sweden"]),
  L("pl", 9, 1, "Polish", "latin", ["Poland"]),
  L("tr", 9, 1, "Turkish", "latin", ["Turkey"]),
  L("ar", 8, 1, "Arabic", "arabic", ["Egypt", "Lebanon", "Saudi Arabia", "Morocco", "Tunisia", "Syria"]),
  L("da", 7, 3, "Danish", "latin", ["Denmark"]),
  L("fi", 7, 0, "Finnish", "latin", ["Finland"]),
  L("no", 6, 1, "Norwegian", "latin", ["Norway"]),
  L("cs", 6, 0, "Czech", "latin", ["Czech Republic", "Czechoslovakia"]),
  L("hu", 5, 0, "Hungarian", "latin", ["Hungary"]),
  L("el", 5, 1, "Greek", "greek", ["Greece", "Cyprus"]),
  L("he", 4, 0, "Hebrew", "hebrew", ["Israel"]),
  L("fa", 5, 1, "Persian", "persian", ["Iran"]),
  L("th", 4, 1, "Thai", "thai", ["Thailand"]),
  L("ta", 5, 0, "Tamil", "tamil", ["India"]),
  L("te", 4, 0, "Telugu", "telugu", ["India"]),
  L("ml", 4, 0, "Malayalam", "malayalam", ["India"]),
  L("kn", 2, 0, "Kannada", "kannada", ["India"]),
  L("bn", 3, 0, "Bengali", "bengali", ["India", "Bangladesh"]),
  L("mr", 2, 0, "Marathi", "devanagari", ["India"]),
  L("uk", 4, 0, "Ukrainian", "cyrillic", ["Ukraine"]),
  L("bg", 2, 0, "Bulgarian", "cyrillic", ["Bulgaria"]),
  L("sr", 2, 1, "Serbian", "cyrillic", ["Serbia", "Yugoslavia"]),
  L("ro", 3, 0, "Romanian", "latin", ["Romania"]),
  L("id", 5, 2, "Indonesian", "latin", ["Indonesia"]),
  L("vi", 3, 0, "Vietnamese", "latin", ["Vietnam"]),
  L("tl", 4, 0, "Tagalog", "latin", ["Philippines"]),
  L("ca", 2, 0, "Catalan", "latin", ["Spain"]),
  L("hr", 2, 0, "Croatian", "latin", ["Croatia", "Yugoslavia"]),
  L("et", 1, 0, "Estonian", "latin", ["Estonia"]),
  L("is", 1, 0, "Icelandic", "latin", ["Iceland"]),
  L("xx", 6, 0, "No Language", "none", ["United States of America", "Canada", "France", "Germany"]),
];

/** Extra production countries that appear as co-producers. */
export const CO_COUNTRIES = [
  "United States of America", "United Kingdom", "France", "Germany", "Canada", "Italy", "Spain",
  "Belgium", "Japan", "Australia", "China", "Hong Kong", "Sweden", "Denmark", "Netherlands",
  "Switzerland", "Ireland", "Czech Republic", "Hungary", "New Zealand", "Mexico", "South Africa",
  "Luxembourg", "Austria", "Norway", "Poland", "India", "United Arab Emirates", "Bulgaria",
  "Romania", "Iceland", "Malta", "Brazil", "Argentina", "South Korea", "Taiwan", "Greece",
];

/** Latin-script title words per language (accents included, as the real titles have them). */
export const LATIN_WORDS: Record<string, readonly string[]> = {
  fr: ["le", "la", "les", "de", "du", "des", "amour", "nuit", "été", "hiver", "cœur", "ville", "mère", "père", "enfants", "dernier", "première", "rêve", "mystère", "château", "rivière", "forêt", "fête", "vérité", "liberté", "histoire", "étrange", "voyage", "chemin", "mémoire", "secret", "soleil", "guerre", "paix", "éternité", "frère", "sœur", "âme", "fenêtre", "théâtre", "île", "lumière", "ombre", "désir", "noël", "garçon", "fille", "bête", "après", "très"],
  es: ["el", "la", "los", "las", "de", "del", "amor", "noche", "corazón", "ciudad", "madre", "padre", "niños", "último", "sueño", "misterio", "río", "fiesta", "verdad", "libertad", "historia", "viaje", "camino", "secreto", "sol", "guerra", "paz", "hermano", "alma", "luz", "sombra", "deseo", "canción", "mañana", "pasión", "química", "ficción", "vida", "muerte", "tierra", "mar", "fuego", "invierno", "señor", "año", "niña", "corazones", "más", "también", "así"],
  de: ["der", "die", "das", "und", "im", "auf", "liebe", "nacht", "herz", "stadt", "mutter", "vater", "kinder", "letzte", "traum", "geheimnis", "fluss", "wald", "wahrheit", "freiheit", "geschichte", "reise", "weg", "sonne", "krieg", "frieden", "bruder", "seele", "licht", "schatten", "sehnsucht", "mädchen", "jäger", "über", "für", "schön", "straße", "grün", "müde", "töchter", "zuhause", "westen", "irgendwo", "gitter", "ging", "heimat", "sommer", "winter", "zeit", "spiel"],
  it: ["il", "la", "le", "di", "del", "amore", "notte", "cuore", "città", "madre", "padre", "bambini", "ultimo", "sogno", "mistero", "fiume", "festa", "verità", "libertà", "storia", "viaggio", "strada", "segreto", "sole", "guerra", "pace", "fratello", "anima", "luce", "ombra", "desiderio", "canzone", "perché", "così", "più", "già", "ragazzo", "ragazza", "vita", "morte"],
  pt: ["o", "a", "os", "as", "do", "da", "amor", "noite", "coração", "cidade", "mãe", "pai", "crianças", "último", "sonho", "mistério", "rio", "festa", "verdade", "liberdade", "história", "viagem", "caminho", "segredo", "sol", "guerra", "paz", "irmão", "alma", "luz", "sombra", "desejo", "canção", "país", "privilégios", "não", "então", "ação", "família", "vida"],
  nl: ["de", "het", "een", "van", "liefde", "nacht", "hart", "stad", "moeder", "vader", "kinderen", "laatste", "droom", "geheim", "rivier", "waarheid", "vrijheid", "verhaal", "reis", "weg", "zon", "oorlog", "vrede", "broer", "ziel", "licht", "schaduw", "dood", "zomer", "winter"],
  sv: ["en", "ett", "och", "av", "kärlek", "natt", "hjärta", "stad", "mor", "far", "barn", "sista", "dröm", "hemlighet", "flod", "sanning", "frihet", "historia", "resa", "väg", "sol", "krig", "fred", "bror", "själ", "ljus", "skugga", "lösvikt", "sommar", "vinter"],
  pl: ["i", "w", "na", "miłość", "noc", "serce", "miasto", "matka", "ojciec", "dzieci", "ostatni", "sen", "tajemnica", "rzeka", "prawda", "wolność", "historia", "podróż", "droga", "słońce", "wojna", "pokój", "brat", "dusza", "światło", "cień", "życie", "śmierć", "zima", "lato"],
  tr: ["ve", "bir", "aşk", "gece", "kalp", "şehir", "anne", "baba", "çocuklar", "son", "rüya", "sır", "nehir", "gerçek", "özgürlük", "hikaye", "yolculuk", "yol", "güneş", "savaş", "barış", "kardeş", "ruh", "ışık", "gölge", "hayat", "ölüm", "kış", "yaz", "düğün"],
  da: ["en", "et", "og", "af", "kærlighed", "nat", "hjerte", "by", "mor", "far", "børn", "sidste", "drøm", "hemmelighed", "flod", "sandhed", "frihed", "historie", "rejse", "vej", "sol", "krig", "fred", "bror", "sjæl", "lys", "skygge", "sommer", "vinter", "øen"],
  fi: ["ja", "rakkaus", "yö", "sydän", "kaupunki", "äiti", "isä", "lapset", "viimeinen", "uni", "salaisuus", "joki", "totuus", "vapaus", "tarina", "matka", "tie", "aurinko", "sota", "rauha", "veli", "sielu", "valo", "varjo", "suomen", "vihatuin", "koiramies", "kesä", "talvi", "neropatit"],
  no: ["en", "et", "og", "av", "kjærlighet", "natt", "hjerte", "by", "mor", "far", "barn", "siste", "drøm", "hemmelighet", "elv", "sannhet", "frihet", "historie", "reise", "vei", "sol", "krig", "fred", "bror", "sjel", "lys", "skygge", "jakten", "på", "blåfjell"],
  cs: ["a", "v", "láska", "noc", "srdce", "město", "matka", "otec", "děti", "poslední", "sen", "tajemství", "řeka", "pravda", "svoboda", "příběh", "cesta", "slunce", "válka", "mír", "bratr", "duše", "světlo", "stín", "život", "smrt", "zima", "léto", "žena", "muž"],
  hu: ["a", "az", "és", "szerelem", "éjszaka", "szív", "város", "anya", "apa", "gyerekek", "utolsó", "álom", "titok", "folyó", "igazság", "szabadság", "történet", "utazás", "út", "nap", "háború", "béke", "testvér", "lélek", "fény", "árnyék", "élet", "halál", "tél", "nyár"],
  ro: ["și", "în", "dragoste", "noapte", "inimă", "oraș", "mamă", "tată", "copii", "ultimul", "vis", "secret", "râu", "adevăr", "libertate", "poveste", "călătorie", "drum", "soare", "război", "pace", "frate", "suflet", "lumină", "umbră", "viață", "moarte", "iarnă", "vară", "țară"],
  id: ["dan", "yang", "cinta", "malam", "hati", "kota", "ibu", "ayah", "anak", "terakhir", "mimpi", "rahasia", "sungai", "kebenaran", "kebebasan", "kisah", "perjalanan", "jalan", "matahari", "perang", "damai", "saudara", "jiwa", "cahaya", "bayangan", "hidup", "mati", "para", "betina", "pengikut"],
  vi: ["và", "của", "tình", "yêu", "đêm", "trái", "tim", "thành", "phố", "mẹ", "cha", "con", "cuối", "cùng", "giấc", "mơ", "bí", "mật", "sông", "sự", "thật", "tự", "do", "lật", "mặt", "nhà", "có", "khách", "người", "đời"],
  tl: ["ang", "ng", "sa", "pag-ibig", "gabi", "puso", "lungsod", "ina", "ama", "mga", "anak", "huling", "pangarap", "lihim", "ilog", "katotohanan", "kalayaan", "kuwento", "paglalakbay", "daan", "araw", "digmaan", "kapayapaan", "kapatid", "kaluluwa", "liwanag", "anino", "buhay", "kamatayan", "bayan"],
  ca: ["el", "la", "els", "de", "amor", "nit", "cor", "ciutat", "mare", "pare", "nens", "últim", "somni", "misteri", "riu", "festa", "veritat", "llibertat", "història", "viatge", "camí", "secret", "sol", "guerra", "pau", "germà", "ànima", "llum", "ombra", "vida"],
  hr: ["i", "u", "ljubav", "noć", "srce", "grad", "majka", "otac", "djeca", "posljednji", "san", "tajna", "rijeka", "istina", "sloboda", "priča", "putovanje", "put", "sunce", "rat", "mir", "brat", "duša", "svjetlo", "sjena", "život", "smrt", "zima", "ljeto", "čovjek"],
  et: ["ja", "armastus", "öö", "süda", "linn", "ema", "isa", "lapsed", "viimane", "unenägu", "saladus", "jõgi", "tõde", "vabadus", "lugu", "teekond", "tee", "päike", "sõda", "rahu", "vend", "hing", "valgus", "vari", "elu", "surm", "talv", "suvi", "meri", "kõps"],
  is: ["og", "ást", "nótt", "hjarta", "borg", "móðir", "faðir", "börn", "síðasti", "draumur", "leyndarmál", "á", "sannleikur", "frelsi", "saga", "ferð", "vegur", "sól", "stríð", "friður", "bróðir", "sál", "ljós", "skuggi", "líf", "dauði", "vetur", "sumar", "haf", "þögn"],
};

/** Native-script title words (or characters, for Chinese and Japanese kanji). */
export const SCRIPT_WORDS: Record<Exclude<Script, "en" | "latin" | "none">, readonly string[]> = {
  cyrillic: ["американская", "трагедия", "любовь", "ночь", "сердце", "город", "мать", "отец", "дети", "последний", "сон", "тайна", "река", "правда", "свобода", "история", "путешествие", "дорога", "солнце", "война", "мир", "брат", "душа", "свет", "тень", "жизнь", "смерть", "зима", "лето", "сталкер", "москва", "девушка", "берег", "звезда", "дом", "время", "небо", "земля", "вода", "огонь"],
  zh: ["旋", "转", "吧", "乒", "乓", "記", "憶", "拆", "除", "爱", "情", "夜", "心", "城", "市", "母", "亲", "父", "孩", "子", "最", "后", "梦", "秘", "密", "河", "真", "相", "自", "由", "故", "事", "旅", "程", "路", "太", "阳", "战", "争", "和", "平", "兄", "弟", "灵", "魂", "光", "影", "生", "死", "春", "天", "龙", "虎", "山", "风", "云", "雨", "花", "月", "家", "人", "江", "湖", "侠", "女", "王", "国", "大", "小", "新", "老", "白", "黑", "红"],
  ja: ["の", "と", "に", "を", "愛", "夜", "心", "街", "母", "父", "子供", "最後", "夢", "秘密", "川", "真実", "自由", "物語", "旅", "道", "太陽", "戦争", "平和", "兄弟", "魂", "光", "影", "命", "死", "春", "夏", "秋", "冬", "りすのパナシ", "嘘を愛する女", "さくら", "ひかり", "ゆめ", "こころ", "ありがとう", "さようなら", "ラブストーリー", "ミステリー", "サムライ", "ゴジラ", "東京", "大阪", "京都", "学校", "少女", "忍者", "侍", "剣"],
  ko: ["사랑", "밤", "마음", "도시", "어머니", "아버지", "아이들", "마지막", "꿈", "비밀", "강", "진실", "자유", "이야기", "여행", "길", "태양", "전쟁", "평화", "형제", "영혼", "빛", "그림자", "생명", "죽음", "봄", "여름", "가을", "겨울", "아빠의", "청춘", "하숙집", "여주인의", "목적", "서울", "바다", "친구", "우리", "너의", "나의"],
  arabic: ["باتمان", "الرجل", "الوطواط", "حب", "ليل", "قلب", "مدينة", "أم", "أب", "أطفال", "الأخير", "حلم", "سر", "نهر", "حقيقة", "حرية", "قصة", "رحلة", "طريق", "شمس", "حرب", "سلام", "أخ", "روح", "نور", "ظل", "حياة", "موت", "شتاء", "صيف", "بيت", "البحر", "القاهرة", "بيروت"],
  persian: ["نفس", "عمیق", "عشق", "شب", "دل", "شهر", "مادر", "پدر", "بچه‌ها", "آخرین", "رویا", "راز", "رودخانه", "حقیقت", "آزادی", "داستان", "سفر", "راه", "خورشید", "جنگ", "صلح", "برادر", "روح", "نور", "سایه", "زندگی", "مرگ", "زمستان", "تابستان", "خانه"],
  hebrew: ["אהבה", "לילה", "לב", "עיר", "אמא", "אבא", "ילדים", "האחרון", "חלום", "סוד", "נהר", "אמת", "חופש", "סיפור", "מסע", "דרך", "שמש", "מלחמה", "שלום", "אח", "נשמה", "אור", "צל", "חיים", "מוות", "חורף", "קיץ", "בית", "ים", "ירושלים"],
  devanagari: ["प्यार", "रात", "दिल", "शहर", "माँ", "पिता", "बच्चे", "आखिरी", "सपना", "रहस्य", "नदी", "सच", "आज़ादी", "कहानी", "सफ़र", "रास्ता", "सूरज", "युद्ध", "शांति", "भाई", "आत्मा", "रोशनी", "छाया", "ज़िंदगी", "मौत", "सर्दी", "गर्मी", "घर", "दोस्ती", "मुंबई"],
  greek: ["αγάπη", "νύχτα", "καρδιά", "πόλη", "μητέρα", "πατέρας", "παιδιά", "τελευταίος", "όνειρο", "μυστικό", "ποτάμι", "αλήθεια", "ελευθερία", "ιστορία", "ταξίδι", "δρόμος", "ήλιος", "πόλεμος", "ειρήνη", "αδελφός", "ψυχή", "φως", "σκιά", "ζωή", "θάνατος", "χειμώνας", "καλοκαίρι", "σπίτι", "θάλασσα", "αθήνα"],
  thai: ["ความรัก", "กลางคืน", "หัวใจ", "เมือง", "แม่", "พ่อ", "เด็ก", "สุดท้าย", "ความฝัน", "ความลับ", "แม่น้ำ", "ความจริง", "อิสรภาพ", "เรื่องราว", "การเดินทาง", "ถนน", "พระอาทิตย์", "สงคราม", "สันติภาพ", "พี่ชาย", "วิญญาณ", "แสง", "เงา", "ชีวิต", "ความตาย", "บ้าน", "ทะเล", "กรุงเทพ"],
  tamil: ["பேச்சி", "காதல்", "இரவு", "இதயம்", "நகரம்", "அம்மா", "அப்பா", "குழந்தைகள்", "கடைசி", "கனவு", "ரகசியம்", "நதி", "உண்மை", "சுதந்திரம்", "கதை", "பயணம்", "சாலை", "சூரியன்", "போர்", "அமைதி", "வீடு", "உயிர்"],
  telugu: ["దేవదాసు", "ప్రేమ", "రాత్రి", "హృదయం", "నగరం", "అమ్మ", "నాన్న", "పిల్లలు", "చివరి", "కల", "రహస్యం", "నది", "నిజం", "స్వాతంత్ర్యం", "కథ", "ప్రయాణం", "దారి", "సూర్యుడు", "యుద్ధం", "శాంతి", "ఇల్లు", "జీవితం"],
  malayalam: ["ഇൻ", "ഹരിഹർ", "നഗർ", "പ്രണയം", "രാത്രി", "ഹൃദയം", "നഗരം", "അമ്മ", "അച്ഛൻ", "കുട്ടികൾ", "അവസാനം", "സ്വപ്നം", "രഹസ്യം", "പുഴ", "സത്യം", "സ്വാതന്ത്ര്യം", "കഥ", "യാത്ര", "വഴി", "സൂര്യൻ", "വീട്", "ജീവിതം"],
  kannada: ["ಸ್ವರ್ಣ", "ಸಂಸಾರ", "ಪ್ರೀತಿ", "ರಾತ್ರಿ", "ಹೃದಯ", "ನಗರ", "ಅಮ್ಮ", "ಅಪ್ಪ", "ಮಕ್ಕಳು", "ಕೊನೆಯ", "ಕನಸು", "ರಹಸ್ಯ", "ನದಿ", "ಸತ್ಯ", "ಕಥೆ", "ಪಯಣ", "ದಾರಿ", "ಸೂರ್ಯ", "ಯುದ್ಧ", "ಮನೆ"],
  bengali: ["ভালোবাসা", "রাত", "হৃদয়", "শহর", "মা", "বাবা", "শিশুরা", "শেষ", "স্বপ্ন", "রহস্য", "নদী", "সত্য", "স্বাধীনতা", "গল্প", "যাত্রা", "পথ", "সূর্য", "যুদ্ধ", "শান্তি", "বাড়ি", "জীবন", "কলকাতা"],
};

export const ADJECTIVES = [
  "Dark", "Last", "Lost", "Hidden", "Silent", "Broken", "Golden", "Wild", "Secret", "Forgotten",
  "Eternal", "Burning", "Frozen", "Final", "Little", "Great", "Deadly", "Crimson", "Midnight",
  "Perfect", "Strange", "Sweet", "Bitter", "Savage", "Sacred", "Holy", "Hollow", "Endless",
  "Invisible", "Impossible", "Beautiful", "Dangerous", "Lonely", "Restless", "Fearless",
  "Reckless", "Wicked", "Tender", "Quiet", "Shattered", "Fallen", "Rising", "Hungry", "Naked",
  "Blind", "Cold", "Hot", "Red", "Black", "White", "Blue", "Green", "Silver", "Iron", "Stone",
  "Velvet", "Electric", "Atomic", "Cosmic", "Infinite", "Ancient", "Modern", "Young", "Old",
  "First", "Second", "Lucky", "Crazy", "Happy", "Sad", "Brave", "Bright", "Dead", "Living",
  "Haunted", "Cursed", "Blessed", "Private", "Public", "Secondhand", "Borrowed", "Stolen",
  "Northern", "Southern", "Western", "Eastern", "Distant", "Deep", "High", "Long", "Short",
  "Empty", "Full", "Heavy", "Light", "Lovely", "Royal", "Rogue", "Underground", "Glass",
  "Paper", "Neon", "Hard", "Soft", "Bloody", "Mad", "Mean", "Kind", "True", "False",
];

export const NOUNS = [
  "Night", "Day", "Heart", "Love", "Dream", "Shadow", "Light", "City", "River", "Road", "House",
  "Home", "Garden", "Island", "Mountain", "Ocean", "Sea", "Storm", "Fire", "Ice", "Rain", "Snow",
  "Wind", "Sky", "Star", "Moon", "Sun", "World", "Kingdom", "Empire", "War", "Peace", "Game",
  "Hunter", "Killer", "Stranger", "Witness", "Soldier", "King", "Queen", "Prince", "Princess",
  "Knight", "Warrior", "Ghost", "Angel", "Devil", "Demon", "Witch", "Vampire", "Wolf", "Tiger",
  "Dragon", "Bird", "Horse", "Dog", "Cat", "Girl", "Boy", "Man", "Woman", "Mother", "Father",
  "Daughter", "Son", "Sister", "Brother", "Family", "Friend", "Lover", "Wife", "Husband",
  "Secret", "Truth", "Lie", "Promise", "Memory", "Story", "Legend", "Myth", "Song", "Dance",
  "Journey", "Escape", "Return", "Revenge", "Justice", "Crime", "Murder", "Mystery", "Mission",
  "Code", "Signal", "Machine", "Planet", "Galaxy", "Universe", "Future", "Past", "Time",
  "Summer", "Winter", "Spring", "Autumn", "Christmas", "Holiday", "Wedding", "Funeral", "Party",
  "School", "Hospital", "Prison", "Hotel", "Motel", "Station", "Train", "Ship", "Bridge",
  "Tower", "Castle", "Church", "Forest", "Desert", "Jungle", "Valley", "Lake", "Beach",
  "Harbor", "Street", "Avenue", "Corner", "Room", "Door", "Window", "Mirror", "Box", "Key",
  "Letter", "Diary", "Book", "Map", "Picture", "Film", "Camera", "Voice", "Silence", "Echo",
  "Blood", "Bone", "Skin", "Eye", "Hand", "Face", "Soul", "Spirit", "Mind", "Body", "Life",
  "Death", "Birth", "Fate", "Destiny", "Luck", "Fortune", "Money", "Gold", "Diamond", "Pearl",
  "Rose", "Lily", "Flower", "Tree", "Seed", "Apple", "Wine", "Coffee", "Sugar", "Salt",
  "Hero", "Villain", "Outlaw", "Sheriff", "Detective", "Doctor", "Teacher", "Priest", "Nurse",
  "Pilot", "Captain", "Sailor", "Pirate", "Thief", "Spy", "Agent", "Boxer", "Runner", "Dancer",
  "Singer", "Painter", "Writer", "Poet", "Player", "Champion", "Rebel", "Prophet", "Saint",
  "Monster", "Creature", "Alien", "Robot", "Zombie", "Beast", "Giant", "Child", "Baby", "Twins",
];

export const FIRST_NAMES = [
  "Anna", "Maria", "Sarah", "Emma", "Laura", "Julia", "Sofia", "Alice", "Clara", "Helen",
  "Grace", "Lucy", "Rose", "Ruby", "Stella", "Nina", "Mia", "Eva", "Lena", "Ida", "Heidi",
  "Sally", "Abigail", "Jessica", "Emily", "Olivia", "Chloe", "Zoe", "Amelia", "Isabel",
  "John", "James", "David", "Michael", "Peter", "Paul", "Tom", "Jack", "Harry", "Daniel",
  "Samuel", "Max", "Leo", "Oscar", "Hugo", "Felix", "Victor", "Marco", "Luca", "Pablo",
  "Carlos", "Diego", "Juan", "Pierre", "Jean", "Louis", "Hans", "Karl", "Ivan", "Sergei",
  "Yuki", "Kenji", "Hiro", "Akira", "Mei", "Lin", "Wei", "Raj", "Arjun", "Priya", "Omar",
  "Ali", "Yusuf", "Fatima", "Layla", "Noah", "Elijah", "Gordon", "Frank", "Walter", "Henry",
  "Arthur", "Albert", "Charlie", "Billy", "Joe", "Sam", "Ben", "Eddie", "Frankie", "Johnny",
];

export const LAST_NAMES = [
  "Smith", "Johnson", "Brown", "Miller", "Davis", "Wilson", "Moore", "Taylor", "Anderson",
  "Thomas", "Jackson", "White", "Harris", "Martin", "Thompson", "Garcia", "Martinez",
  "Robinson", "Clark", "Lewis", "Walker", "Hall", "Allen", "Young", "King", "Wright", "Scott",
  "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter",
  "Phillips", "Evans", "Turner", "Torres", "Parker", "Collins", "Edwards", "Stewart", "Morris",
  "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Reed", "Bailey", "Bell", "Kelly",
  "Howard", "Ward", "Cox", "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray", "James",
  "Dubois", "Moreau", "Laurent", "Rossi", "Bianchi", "Schmidt", "Müller", "Novak", "Kowalski",
  "Ivanov", "Petrov", "Tanaka", "Suzuki", "Sato", "Kim", "Park", "Lee", "Chen", "Wang",
  "Singh", "Kumar", "Khan", "Haddad", "Cohen", "Levi", "Silva", "Santos", "Oliveira", "Lopez",
];

export const PLACES = [
  "Paris", "London", "Tokyo", "New York", "Berlin", "Rome", "Madrid", "Moscow", "Istanbul",
  "Cairo", "Mumbai", "Seoul", "Beijing", "Hong Kong", "Shanghai", "Bangkok", "Sydney",
  "Los Angeles", "Chicago", "Texas", "Alaska", "Mexico", "Havana", "Rio", "Buenos Aires",
  "Lisbon", "Vienna", "Prague", "Budapest", "Warsaw", "Stockholm", "Oslo", "Helsinki",
  "Copenhagen", "Amsterdam", "Brussels", "Dublin", "Edinburgh", "Venice", "Naples", "Sicily",
  "Athens", "Jerusalem", "Tehran", "Kabul", "Lagos", "Nairobi", "Cape Town", "Marrakech",
  "Brooklyn", "Harlem", "Hollywood", "Las Vegas", "Miami", "New Orleans", "Nashville",
  "Memphis", "Detroit", "Boston", "Seattle", "San Francisco", "Manhattan", "Tijuana", "Osaka",
  "Kyoto", "Busan", "Shanghai", "Taipei", "Manila", "Jakarta", "Bali", "Saigon", "Hanoi",
  "Siberia", "Patagonia", "the Sahara", "the Alps", "the Amazon", "the Arctic", "Korakuen",
  "Bilbao", "Novosibirsk", "Coney Island", "Pittsburgh", "Yorkshire", "Cornwall", "Provence",
];

/** Words for -ing titles ("Chasing Anna"). */
export const VERBS_ING = [
  "Chasing", "Finding", "Saving", "Killing", "Loving", "Leaving", "Waiting for", "Looking for",
  "Running", "Dancing", "Hunting", "Burning", "Breaking", "Becoming", "Remembering", "Forgetting",
  "Escaping", "Meeting", "Searching for", "Living with", "Dying for", "Crossing", "Raising",
  "Stealing", "Catching", "Fighting", "Kissing", "Watching", "Following", "Keeping",
];

export const BANDS = [
  "Grave Digger", "Oingo Boingo", "NOFX", "Amaia", "Bonnie Pink", "The Midnight Owls",
  "Electric Lanterns", "Black Harbor", "Velvet Static", "The Paper Kings", "Neon Saints",
  "Iron Orchard", "Silver Tides", "The Hollow Crows", "Stardom", "Crimson Tide Orchestra",
  "The Northern Lights", "Glass Animals Choir", "Los Lobos Azules", "Die Roten Füchse",
];

export const VENUES = [
  "Rock Hard Festival", "Wembley Stadium", "Madison Square Garden", "Nihon Budokan",
  "Red Rocks", "Royal Albert Hall", "Bilbao BBK Live", "Korakuen Hall", "Tokyo Dome",
  "Hammersmith Odeon", "Olympia", "Download Festival", "Glastonbury", "Montreux Jazz Festival",
  "Wacken Open Air", "the Fillmore", "the Apollo", "Sydney Opera House", "Rock in Rio",
];

export const OCCUPATIONS = [
  "detective", "nurse", "teacher", "journalist", "soldier", "farmer", "police officer",
  "lawyer", "student", "musician", "painter", "writer", "doctor", "scientist", "priest",
  "thief", "con man", "boxer", "dancer", "photographer", "taxi driver", "waitress", "chef",
  "pilot", "sailor", "miner", "fisherman", "housewife", "widow", "single mother",
  "factory worker", "professor", "hacker", "spy", "mercenary", "assassin", "bank clerk",
  "filmmaker", "actress", "singer", "wrestler", "skateboarder", "surfer", "hitman", "cop",
];

export const CHARACTER_ADJ = [
  "young", "lonely", "ambitious", "reclusive", "retired", "troubled", "naive", "brilliant",
  "stubborn", "shy", "disillusioned", "grieving", "charismatic", "struggling", "rebellious",
  "cynical", "aging", "mysterious", "down-on-his-luck", "newly married", "ruthless", "kind-hearted",
];

export const RELATIONS = [
  "best friends", "estranged siblings", "a married couple", "old rivals", "two strangers",
  "former lovers", "a father and daughter", "a mother and son", "two brothers", "roommates",
  "neighbours", "business partners", "childhood sweethearts", "twin sisters", "cousins",
];

/** Verb phrases ending a sentence ("...must ___"). */
export const GOALS = [
  "find a way home", "save the family farm", "uncover the truth about her past",
  "stop a killer before he strikes again", "win back the love of his life",
  "survive one last night", "pay off a dangerous debt", "protect a mysterious child",
  "escape from a remote island", "solve a decades-old murder", "keep a terrible secret",
  "face the fears that threaten to separate them", "lead a rebellion against a corrupt regime",
  "make it to the championship", "reunite a band that broke up years ago",
  "clear his name", "bring down a powerful crime family", "return a stolen painting",
  "confront the ghosts of the past", "rebuild a life after prison", "outwit an old enemy",
  "complete an impossible heist", "find the missing girl", "cross the border before dawn",
];

export const EVENTS = [
  "a strange signal is detected", "the war breaks out", "his car breaks down",
  "a body is found in the lake", "the factory closes", "her sister disappears",
  "an old letter arrives", "the storm cuts off the village", "a meteor crashes nearby",
  "the money goes missing", "a stranger moves in next door", "the election is stolen",
  "the dam bursts", "their father dies", "a virus spreads through the city",
  "the circus comes to town", "a secret tape surfaces", "the last train leaves",
];

export const TOPICS = [
  "the mining industry", "women's wrestling", "the history of jazz", "climate change",
  "street food", "the space race", "a forgotten football club", "skateboarding culture",
  "the fishing villages of the north", "a legendary rally season", "the art of tattooing",
  "immigration", "the last independent bookstore", "a family of beekeepers",
  "competitive eating", "urban foxes", "the punk scene of the eighties", "silent film stars",
  "the rise of online dating", "a small-town radio station", "war photographers",
  "the craft of violin making", "a monastery in the mountains", "the night shift at a hospital",
  "the collapse of a bank", "a championship chess match", "dance culture in St. Louis",
];

export const TAGLINE_TEMPLATES: ReadonlyArray<(a: string, n: string, m: string) => string> = [
  (a, n) => `Every ${n} has a price.`,
  (a, n) => `The ${n} is only the beginning.`,
  (a, n, m) => `One ${n}. One ${m}. No way out.`,
  (a, n) => `Some ${n}s should stay buried.`,
  (a, n) => `${a} never looked so good.`,
  (a, n, m) => `Where the ${n} ends, the ${m} begins.`,
  (a, n) => `You will never forget this ${n}.`,
  (a, n) => `Trust no ${n}.`,
  (a, n, m) => `Love. ${n[0].toUpperCase()}${n.slice(1)}. ${m[0].toUpperCase()}${m.slice(1)}.`,
  (a, n) => `A ${a} story of ${n} and hope.`,
  (a, n) => `Nobody gets out alive.`,
  (a, n) => `Based on a true ${n}.`,
  (a, n) => `The ${n} has a new face.`,
  (a, n) => `This time, it's ${a}.`,
  (a, n, m) => `Fear the ${n}. Find the ${m}.`,
  (a, n) => `Your ${n} is the scene of the crime.`,
  (a, n) => `Welcome to a world without ${n}s.`,
  (a, n) => `It was never meant to end here.`,
];

export const ADULT_WORDS = [
  "Desire", "Temptation", "Seduction", "Passion", "Affair", "Secrets", "Fantasies", "Nights",
  "Lust", "Forbidden", "Naughty", "Sinful", "Wives", "Lovers", "Playmates", "Confessions",
  "Intimate", "Erotic", "Sensual", "Private", "Hot", "Wild", "Tease", "Bedroom", "Stepmom",
];

export const ADULT_KEYWORDS = ["erotic movie", "softcore", "adult film", "sex", "compilation", "tease", "erotica", "pornography", "gay pornography", "milf"];

/** Real-looking event/spam titles like those in the tail of the export. */
export const SPAM_TEMPLATES: ReadonlyArray<(n: string, c: string) => string> = [
  (n, c) => `{{1-888↬${n}}} Does ${c} Have a Live Customer Service Team? {US On-Call }`,
  (n, c) => `${c} Customer Care ☎ +1-${n} Call Now`,
  (n, c) => `[[Help Desk]] ${c} Refund Number (${n}) 24/7`,
  (n, c) => `How do I talk to someone at ${c}? ≫ 1-${n}`,
];

export const SPAM_COMPANIES = ["Frontier Airlines", "Expedia", "Coinbase", "QuickBooks", "Delta Airlines", "Robinhood", "Cash App", "Spirit Airlines", "Norton", "McAfee"];

/** One-character titles: real ones exist ("9", "X", "M", "π"). */
export const ONE_CHAR_TITLES = ["M", "X", "9", "Z", "Q", "K", "8", "1", "W", "F", "A", "π", "Ω", "愛", "海", "Я", "E", "O", "H", "5"];

/** Titles that become empty once the character rule strips punctuation and symbols. */
export const PUNCT_TITLES = ["???", "...", "!!!", "***", "—", "?!", "…", "♥♥♥", "★", "(( ))", "- - -", "¿?"];
