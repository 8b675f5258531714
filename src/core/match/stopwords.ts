/**
 * English function words and chat filler that carry no topic. Kept deliberately short:
 * domain words ("line", "port", "phone", "one", "way", "no" as in "no dial tone") must stay searchable.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are aren as at be because been before being
  below between both but by can cannot could couldn did didn do does doesn doing don down during each few for
  from further had hadn has hasn have haven having he her here hers herself him himself his how i if in into is
  isn it its itself just let me more most my myself nor of off on once only or other ought our ours
  ourselves out over own same she should shouldn so some such than that the their theirs them themselves
  then there these they this those through to too under until up very was wasn we were weren what when where
  which while who whom why will with won would wouldn you your yours yourself yourselves
  hi hello hey hiya thanks thank thx pls please plz ok okay yeah yes yep lol lmao guys guy folks anyone
  someone somebody anybody get got gets getting know need needs want wants wanted trying tried try use using
  used im ive id youre dont doesnt cant wont isnt arent didnt whats hows wheres thats theres also really
  still just like thing things stuff way ways kind sort maybe possible question help anyone else everyone
  go going gonna wanna would able etc via vs wat wats wut whos whys ur
  dosent dosnt doesent dident wasent`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * The stopwords a *name* may drop: articles, prepositions, question words and pronouns. The rest
 * of `STOPWORDS` stays in a name, because it is what the name says: "cannot call out" is not the
 * word "call", "phone wont ring" is not "phone ring", "ring-down" is not "ring".
 */
export const NAME_FILLER: ReadonlySet<string> = new Set(
  `a an the to on in into over for with as of at is are be am was were vs or and nor what which how
  do does did i my me you your we our they their this that these those from through between by then
  will would have has need needs use using where who why when can could should so just also its it
  please hi hello hey thanks whats wat wats wut hows wheres whos whys ur`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Negations as a name reads them: "phone doesn't ring", "phone does not ring" and "phone won't
 * ring" all say "not", so each spots the alias written with any of them.
 */
export const NEGATIONS: ReadonlySet<string> = new Set(
  `not doesnt dont didnt wont isnt arent cant cannot couldnt wasnt werent wouldnt shouldnt hasnt
  havent hadnt aint dosent dosnt doesent dident wasent`
    .split(/\s+/)
    .filter(Boolean),
);
