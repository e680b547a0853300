/**
 * Ratings exports built from real titles of the top-3000 test catalog: exact matches, a
 * misspelt title, an ambiguous one (no year, two films of that title) and one not in it.
 */
export const LETTERBOXD = [
  "Date,Name,Year,Letterboxd URI,Rating",
  "2024-01-01,Iron Man,2008,https://boxd.it/1,4.5",
  "2024-01-02,Toy Story,1995,https://boxd.it/2,5",
  "2024-01-03,Interstelar,2014,https://boxd.it/3,2",
  "2024-01-04,The Lion King,,https://boxd.it/4,4",
  "2024-01-05,Zzyzx Qwertyuiop Film,2001,https://boxd.it/5,3",
  '2024-01-06,"Amelie",2001,https://boxd.it/6,3',
].join("\n");

export const IMDB = [
  "Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors",
  "tt0371746,8,2024-01-01,Whatever Title,Iron Man,https://www.imdb.com/title/tt0371746/,Movie,7.9,126,2008,Action,1,2008-04-14,Jon Favreau",
  'tt0000001,3,2024-01-02,"Harry Poter and the Philosophers Stone",x,u,Movie,7.6,152,2001,Fantasy,1,2001-11-04,Chris Columbus',
  "tt0000002,9,2024-01-03,Frozen,Frozen,u,Movie,7.4,102,,Animation,1,,",
  "tt0000003,6,2024-01-04,Nonexistent Picture Qqqzz,x,u,Movie,5,90,2003,Drama,1,2003-01-01,Nobody",
  "tt0000004,10,2024-01-05,Some Show,Some Show,u,TV Series,9,50,2010,Drama,1,2010-01-01,",
].join("\r\n");
