// A rule-set problem (geo/risk validation, written in English) in the UI
// language: the band problems an admin meets most (overlaps, gaps, edges)
// are said in Vietnamese with their figures; any other problem is shown as
// the validator wrote it, with its place.

type Rule = { pattern: RegExp; vi: (m: RegExpMatchArray) => string };

const RULES: readonly Rule[] = [
  { pattern: /^bands for (\S+) overlap: (.+) and (.+)$/, vi: (m) => `các khoảng của ${m[1]} chồng lấn nhau: ${m[2]} và ${m[3]}` },
  { pattern: /^bands for (\S+) leave a gap: nothing covers (.+)$/, vi: (m) => `các khoảng của ${m[1]} để hở: không khoảng nào chứa ${m[2]}` },
  { pattern: /^bands for (\S+) do not start at 0: nothing covers (.+)$/, vi: (m) => `các khoảng của ${m[1]} không bắt đầu từ 0: không khoảng nào chứa ${m[2]}` },
  { pattern: /^bands for (\S+) stop at (\S+): .*$/, vi: (m) => `các khoảng của ${m[1]} dừng ở ${m[2]}: giá trị lớn hơn không thuộc khoảng nào (khoảng cuối cần "to": null)` },
  { pattern: /^band (.+) of (\S+) is empty: .*$/, vi: (m) => `khoảng ${m[1]} của ${m[2]} rỗng: cận trên phải lớn hơn cận dưới` },
];

/** The problem's message in the language; unknown messages unchanged. */
export function ruleSetProblemText(message: string, language: 'vi' | 'en'): string {
  if (language === 'en') return message;
  for (const rule of RULES) {
    const match = message.match(rule.pattern);
    if (match) return rule.vi(match);
  }
  return message;
}
