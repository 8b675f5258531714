/**
 * Dialtone serves telephony communities. Messages about clearly other domains (games,
 * programming, graphics, food, trading, mobile plans) are out of scope even when they share a
 * word with the knowledge ("port forward for my minecraft server", "FX trading").
 * Categories, not single eval sentences: add a word only when it names another domain. Whole
 * words only: "excellent" is not "excel".
 */
const OUT_OF_SCOPE = new RegExp(
  `\\b(?:${[
    // games and graphics
    'minecraft|fortnite|valorant|roblox|steam deck|xbox|playstation|ps5|nintendo|gaming|gamer|fps|1440p|4k monitor',
    'gpu|graphics card|rtx ?\\d{4}|radeon|geforce|fxaa|anti-?aliasing|ray tracing',
    // programming and office software
    'python|javascript|typescript|java\\b|c\\+\\+|rust lang|excel|spreadsheet|regex|stack ?overflow',
    // media, food, chit-chat topics
    'anime|manga|netflix|movie|tv show|pizza|recipe|topping',
    // trading and money
    'forex|fx trading|trading signals|stock market|stock price|bitcoin|nft',
    // mobile plans and handsets
    'cell(?:ular)? (?:phone )?plan|data plan|unlimited data|phone screen|screen cracked|iphone \\d+|galaxy s\\d+',
  ].join('|')})\\b`,
  'i',
);

/** True when the message is about another domain than telephony hardware. */
export function outOfScope(message: string): boolean {
  return OUT_OF_SCOPE.test(message);
}
