/**
 * Text widths for the chart's layout (label staggering, truncation), without a font engine.
 *
 * The advance widths are those of the TTFs the PNG is rendered with (`@expo-google-fonts/inter`
 * 0.4.2: Inter 400 Regular, 600 SemiBold and 700 Bold; units per em 2048), read once from each
 * font's `hmtx` table through its `cmap` for U+0020..U+007E and scaled to thousandths of an em.
 * Kerning is ignored, so a measured string is at most a few percent wider than the rendering:
 * the safe side for overlap checks.
 */

export type Weight = 400 | 600 | 700;

const ASCII: Readonly<Record<Weight, readonly number[]>> = {
  400: parse('281,288,466,633,642,982,644,300,365,365,501,662,288,460,288,360,631,407,610,618,646,593,620,566,619,620,288,302,662,662,662,511,966,690,654,730,722,601,590,746,743,269,571,672,565,903,753,765,639,765,644,642,646,744,690,985,682,679,629,365,360,365,471,456,323,562,612,571,612,583,370,613,591,242,242,549,242,876,591,600,612,612,376,528,327,591,562,818,546,562,552,426,333,426,662'),
  600: parse('252,321,523,644,650,1004,663,326,373,373,540,673,319,465,319,379,660,423,623,636,666,612,640,576,640,640,319,329,673,673,673,543,999,728,659,737,722,605,588,749,746,277,580,703,565,922,759,769,645,773,652,650,660,736,728,1020,720,713,652,373,379,373,481,469,351,574,624,583,624,591,389,625,612,262,262,569,262,900,612,609,624,624,397,549,353,612,587,839,569,588,566,455,359,455,673'),
  700: parse('237,338,552,649,655,1016,672,339,377,377,559,679,334,468,334,388,674,431,630,646,676,622,649,582,651,649,334,343,679,679,679,560,1016,747,662,740,722,607,587,750,747,281,584,719,565,932,762,771,648,777,657,655,667,732,747,1038,738,731,664,377,388,377,487,476,365,581,630,588,630,596,398,632,623,271,271,580,271,913,623,613,630,630,407,560,366,623,600,850,580,602,573,469,372,469,679'),
};

/** A few non-ASCII glyphs the chart writes itself (same source, all three weights within 5%). */
const EXTRA: Readonly<Record<string, number>> = { '\u00a0': 281, '·': 334, '…': 1002, '–': 500, '—': 1000, '→': 954, '×': 679, '✓': 884, '✗': 886 };

/** Unknown Latin-ish characters: a wide lowercase; CJK and other wide scripts: a full em. */
const FALLBACK = 650;
const WIDE = 1000;

function parse(csv: string): number[] {
  return csv.split(',').map(Number);
}

function advance(ch: string, weight: Weight): number {
  const code = ch.codePointAt(0) ?? 0;
  if (code >= 0x20 && code <= 0x7e) return ASCII[weight][code - 0x20] ?? FALLBACK;
  return EXTRA[ch] ?? (code >= 0x2e80 ? WIDE : FALLBACK);
}

/**
 * The rendered width of `text` in px.
 * @example textWidth('rtx4090', 20, 700) // 80.52
 */
export function textWidth(text: string, sizePx: number, weight: Weight = 400): number {
  let units = 0;
  for (const ch of text) units += advance(ch, weight);
  return (units * sizePx) / 1000;
}

/**
 * `text` cut to at most `maxPx` wide, with an ellipsis when cut.
 * @example truncate('Backward workspace', 60, 20) // "Back…"
 */
export function truncate(text: string, maxPx: number, sizePx: number, weight: Weight = 400): string {
  if (textWidth(text, sizePx, weight) <= maxPx) return text;
  const chars = [...text];
  while (chars.length > 0 && textWidth(`${chars.join('')}…`, sizePx, weight) > maxPx) chars.pop();
  return chars.length > 0 ? `${chars.join('').trimEnd()}…` : '';
}
