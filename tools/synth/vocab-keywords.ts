/**
 * Keyword and production-company word lists for the synthetic TMDB catalog: the heads of
 * the real Zipf distributions and the building blocks of their generated tails.
 */

/** Genre-themed keywords (drawn with the global Zipf keywords so similar films share terms). */
export const GENRE_KEYWORDS: Record<string, readonly string[]> = {
  Action: ["martial arts", "explosion", "car chase", "shootout", "hostage", "mercenary", "revenge", "heist", "one man army", "bodyguard", "terrorism", "kung fu"],
  Adventure: ["treasure hunt", "expedition", "jungle", "island", "quest", "pirate", "sailing", "survival", "mountain", "lost civilization", "map"],
  Animation: ["anime", "cartoon", "stop motion", "talking animal", "based on manga", "computer animation", "hand drawn animation", "short film", "cel animation", "puppetry"],
  Comedy: ["stand-up comedy", "parody", "slapstick", "satire", "romantic comedy", "buddy comedy", "dark comedy", "mockumentary", "sketch comedy", "duringcreditsstinger"],
  Crime: ["murder", "detective", "police", "mafia", "drug dealer", "organized crime", "bank robbery", "serial killer", "prison", "gangster", "neo-noir", "investigation"],
  Documentary: ["biography", "interview", "archive footage", "sports documentary", "music documentary", "nature", "politics", "history", "social issues", "investigative journalism", "woman director"],
  Drama: ["based on novel or book", "family relationships", "coming of age", "loss of loved one", "friendship", "grief", "mental illness", "father son relationship", "mother daughter relationship", "poverty", "lgbt", "small town"],
  Family: ["christmas", "dog", "children", "holiday", "talking animal", "family", "kids", "fairy tale", "school", "birthday"],
  Fantasy: ["magic", "witch", "dragon", "fairy tale", "sword and sorcery", "mythology", "wizard", "curse", "based on young adult novel", "elves"],
  History: ["world war ii", "19th century", "biography", "historical figure", "ancient rome", "medieval", "cold war", "based on true story", "period drama", "revolution"],
  Horror: ["slasher", "haunted house", "zombie", "vampire", "demon", "possession", "supernatural", "found footage", "gore", "ghost", "creature", "folk horror"],
  Music: ["concert", "musical", "live performance", "rock", "hip-hop", "jazz", "opera", "music video", "band", "singer", "heavy metal", "concert film"],
  Mystery: ["whodunit", "investigation", "amnesia", "secret", "missing person", "conspiracy", "puzzle", "twist ending", "private detective", "small town"],
  Romance: ["love", "romance", "wedding", "first love", "love triangle", "forbidden love", "summer romance", "long-distance relationship", "boys' love (bl)", "paris"],
  "Science Fiction": ["space", "alien", "time travel", "dystopia", "robot", "artificial intelligence (a.i.)", "spacecraft", "future", "cyberpunk", "post-apocalyptic future", "virtual reality"],
  "TV Movie": ["christmas", "holiday", "small town", "remake", "sequel", "based on tv series", "made for tv", "lifetime"],
  Thriller: ["suspense", "psychological thriller", "stalker", "kidnapping", "conspiracy", "revenge", "cat and mouse", "hitman", "blackmail", "serial killer"],
  War: ["world war ii", "world war i", "vietnam war", "soldier", "battle", "nazi", "resistance", "prisoner of war", "anti war", "military"],
  Western: ["gunslinger", "sheriff", "outlaw", "cowboy", "frontier", "bounty hunter", "ranch", "wild west", "native american", "spaghetti western"],
};

/** The most frequent real keywords, in descending order (the head of the Zipf distribution). */
export const HEAD_KEYWORDS = [
  "woman director", "short film", "based on novel or book", "lgbt", "biography", "murder",
  "concert", "sport", "christmas", "duringcreditsstinger", "sequel", "stand-up comedy",
  "musical", "revenge", "friendship", "love", "anime", "based on true story", "family",
  "gay theme", "world war ii", "documentary", "erotic movie", "experimental", "romance",
  "new york city", "aftercreditsstinger", "based on play or musical", "independent film",
  "based on comic", "high school", "coming of age", "police", "relationship", "music",
  "silent film", "black and white", "sex", "remake", "death", "politics", "dystopia",
  "superhero", "serial killer", "london, england", "paris, france", "tokyo, japan",
  "los angeles, california", "small town", "teenager", "suicide", "drugs", "prison",
  "zombie", "vampire", "ghost", "alien", "robot", "space", "time travel", "dog", "cat",
  "horse", "women", "children", "father daughter relationship", "mother son relationship",
  "husband wife relationship", "brother sister relationship", "road trip", "school",
  "college", "wedding", "divorce", "pregnancy", "cancer", "war", "soldier", "army", "nazi",
  "holocaust", "cold war", "spy", "detective", "investigation", "kidnapping", "hostage",
  "bank robbery", "heist", "gangster", "mafia", "corruption", "journalist", "television",
  "internet", "social media", "animation", "cartoon", "short", "nature", "animals", "ocean",
];

/** Keyword building blocks for the generated Zipf tail (tens of thousands of distinct terms). */
export const KEYWORD_ADJ = [
  "abandoned", "ancient", "secret", "haunted", "female", "male", "young", "old", "small",
  "giant", "evil", "good", "rich", "poor", "lost", "missing", "dead", "undercover", "corrupt",
  "retired", "rogue", "wealthy", "single", "blind", "deaf", "mute", "religious", "rural",
  "urban", "coastal", "northern", "southern", "underground", "alien", "mutant", "cursed",
  "stolen", "forbidden", "illegal", "amateur", "professional", "teenage", "elderly", "orphan",
  "immigrant", "native", "foreign", "royal", "military", "medical", "political", "criminal",
  "digital", "nuclear", "toxic", "tropical", "arctic", "desert", "jungle", "mountain",
  "medieval", "victorian", "futuristic", "post-war", "pre-code", "psychedelic", "surreal",
  "absurd", "tragic", "romantic", "comic", "violent", "gentle", "brutal", "bizarre",
];

export const KEYWORD_NOUNS = [
  "house", "island", "village", "city", "farm", "factory", "hospital", "asylum", "church",
  "monastery", "school", "university", "prison", "hotel", "motel", "restaurant", "bar",
  "nightclub", "casino", "circus", "carnival", "museum", "library", "lighthouse", "bridge",
  "tunnel", "subway", "train", "ship", "submarine", "airplane", "helicopter", "car", "truck",
  "motorcycle", "bicycle", "horse", "dog", "cat", "wolf", "bear", "shark", "snake", "spider",
  "bird", "insect", "doll", "mask", "mirror", "painting", "photograph", "diary", "letter",
  "tape", "video", "radio", "telephone", "computer", "robot", "android", "clone", "twin",
  "sister", "brother", "mother", "father", "grandmother", "grandfather", "uncle", "aunt",
  "cousin", "neighbour", "teacher", "student", "doctor", "nurse", "priest", "nun", "witch",
  "wizard", "king", "queen", "prince", "princess", "soldier", "general", "spy", "assassin",
  "detective", "sheriff", "outlaw", "pirate", "thief", "con artist", "boxer", "wrestler",
  "dancer", "singer", "musician", "painter", "writer", "poet", "actor", "actress", "director",
  "journalist", "photographer", "scientist", "inventor", "astronaut", "cowboy", "farmer",
  "fisherman", "hunter", "miner", "sailor", "pilot", "driver", "chef", "waitress", "cult",
  "ritual", "ceremony", "festival", "parade", "riot", "strike", "election", "trial", "funeral",
  "wedding", "birthday", "reunion", "vacation", "road trip", "expedition", "invasion",
  "epidemic", "earthquake", "flood", "fire", "storm", "blizzard", "drought", "famine",
  "treasure", "diamond", "gold", "money", "debt", "inheritance", "will", "contract", "bet",
  "game", "tournament", "race", "match", "fight", "duel", "war", "battle", "siege", "escape",
];

export const KEYWORD_SUFFIX = [
  "relationship", "in love", "on the run", "in danger", "in peril", "in the city",
  "in prison", "at war", "in crisis", "in exile", "abuse", "murder", "investigation",
  "obsession", "conspiracy", "documentary", "culture", "history", "legend", "mythology",
];

export const DECADES = [
  "1900s", "1910s", "1920s", "1930s", "1940s", "1950s", "1960s", "1970s", "1980s", "1990s",
  "2000s", "2010s", "2020s", "2060s", "19th century", "18th century", "17th century",
  "16th century", "15th century", "21st century",
];

/** The most frequent real production companies (head of the Zipf distribution). */
export const HEAD_COMPANIES = [
  "Warner Bros. Pictures", "Universal Pictures", "Columbia Pictures", "Paramount Pictures",
  "Metro-Goldwyn-Mayer", "20th Century Fox", "BBC", "Toei Company", "Canal+", "ARTE",
  "Walt Disney Pictures", "New Line Cinema", "Lionsgate", "Gaumont", "Pathé", "TOHO",
  "Shochiku", "Nikkatsu", "Mosfilm", "Lenfilm", "France 2 Cinéma", "France 3 Cinéma",
  "Rai Cinema", "ZDF", "WDR", "NHK", "CBS Television Network", "NBC", "ABC", "HBO",
  "Netflix", "Amazon Studios", "Miramax", "Dimension Films", "Focus Features", "A24",
  "Blumhouse Productions", "Legendary Pictures", "Village Roadshow Pictures",
  "Relativity Media", "Lakeshore Entertainment", "Summit Entertainment", "StudioCanal",
  "Working Title Films", "Film4 Productions", "BFI", "Channel 4 Television",
  "Hallmark Entertainment", "Lifetime", "Asylum", "Troma Entertainment", "Full Moon Features",
  "Shaw Brothers", "Golden Harvest", "Media Asia Films", "China Film Group Corporation",
  "CJ Entertainment", "Showbox", "Lotte Entertainment", "Yash Raj Films", "Dharma Productions",
  "T-Series", "Eros International", "Sun Pictures", "Televisa", "Globo Filmes",
  "Telefe", "El Deseo", "Tornasol Films", "Constantin Film", "UFA", "Svensk Filmindustri",
  "Nordisk Film", "Zentropa Entertainments", "Suomen Filmiteollisuus", "Sandrew Metronome",
  "Fox Nation", "Elegant Angel", "Vivid Entertainment", "Wicked Pictures", "Digital Playground",
  "Marc Dorcel", "Private", "Evil Angel", "Hollywood Video", "Regiment Productions",
  "Bushiroad", "World Wonder Ring Stardom", "Max Pictures", "Pan Vision", "Epix",
  "Shudder", "Syncopy", "Lightstorm Entertainment", "Marvel Studios", "DC Comics",
  "Pixar", "DreamWorks Animation", "Studio Ghibli", "Aardman", "Sony Pictures Animation",
];

/** Syllables for generated company names. */
export const SYLLABLES = [
  "ka", "ri", "no", "sa", "ve", "lo", "mi", "ta", "ro", "an", "el", "or", "ba", "de", "fi",
  "ga", "hu", "ja", "ke", "lu", "ma", "ne", "pa", "qui", "ra", "se", "ti", "vo", "wa", "xe",
  "ya", "zo", "bel", "cor", "dan", "fen", "gor", "hal", "kin", "lar", "mor", "nel", "pol",
  "ros", "sil", "tor", "val", "win", "zan", "bri", "cla", "dra", "fro", "gri", "kro", "ple",
  "sta", "tre", "vin", "ash", "ber", "cas", "dor", "est", "far", "gil", "har", "ith", "jor",
  "kes", "lin", "mar", "nor", "ost", "per", "ques", "ran", "sol", "tan", "ulm", "ver", "wes",
  "yor", "zel", "amo", "bra", "cine", "duo", "eco", "flo", "gem", "hex", "ion", "jet",
];

export const COMPANY_WORDS = [
  "Blue", "Red", "Black", "White", "Silver", "Golden", "Green", "Northern", "Southern", "Eastern",
  "Western", "Pacific", "Atlantic", "Harbor", "River", "Mountain", "Valley", "Lake", "Forest",
  "Desert", "Ocean", "Island", "Bridge", "Tower", "Castle", "Crown", "Star", "Moon", "Sun",
  "Sky", "Storm", "Thunder", "Lightning", "Fire", "Ice", "Stone", "Iron", "Steel", "Glass",
  "Paper", "Velvet", "Neon", "Electric", "Cosmic", "Lucky", "Wild", "Brave", "Bright", "Dark",
  "Little", "Big", "Tall", "Crooked", "Happy", "Mad", "Quiet", "Loud", "Fox", "Wolf", "Bear",
  "Eagle", "Raven", "Owl", "Hawk", "Lion", "Tiger", "Dragon", "Phoenix", "Unicorn", "Rabbit",
  "Elephant", "Whale", "Dolphin", "Falcon", "Kestrel", "Sparrow", "Heron", "Lantern", "Mirror",
  "Window", "Door", "Key", "Anchor", "Compass", "Arrow", "Hammer", "Anvil", "Reel", "Frame",
];

export const COMPANY_SUFFIX = [
  "Films", "Pictures", "Productions", "Studios", "Entertainment", "Media", "Film", "Cinema",
  "Filmproduktion", "Producciones", "Filmes", "Animation", "Television", "Company", "Works",
  "Group", "Film Company", "Motion Pictures", "Features", "Films Inc.", "Studio", "Creative",
  "Film Partners", "Releasing", "Distribution", "Records", "Filmworks", "Productions Ltd.",
];

export const COMPANY_PREFIX = ["Studio", "Les Films du", "Producciones", "Estudios", "Film", "Casa", "Kino"];
