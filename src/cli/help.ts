import type { Argument, Command, Help, Option } from 'commander';
import { displayWidth, type Lang, wrapLines } from '../start.js';

// --help in the run's language (--lang, else the locale), wrapped to the terminal by display
// width (commander's own wrapping counts characters and breaks only at spaces, so Chinese would
// overflow), with a short Examples section per command. The English texts stay in the command
// files beside their options; this table gives each its Chinese.

const ZH: Record<string, string> = {
  'Estimate subsidies under a Chinese municipal industrial policy, clause by clause (柳州市战略性新兴产业政策).':
    '按条款逐项估算企业在市级产业扶持政策（柳州市战略性新兴产业政策）下可获得的奖补。',
  'output the version number': '显示版本号',
  'display help for command': '显示此命令的帮助',
  'show internal details of unexpected failures': '出现意外错误时显示内部细节',
  'estimate what an applicant can receive, item by item: from a project file, or by interview': '逐项估算申请单位可获得的奖补：读取项目文件，或通过问答录入',
  'output format': '输出格式',
  'write to this file instead of standard output (needed for --format pdf); without --format, the format follows the extension (.json, .md, .txt, .html, .pdf)':
    '写入此文件而不是标准输出（--format pdf 时必须）；未给 --format 时按扩展名选择格式（.json、.md、.txt、.html、.pdf）',
  'csv, or xlsx for -o FILE.xlsx': 'csv；-o FILE.xlsx 时为 xlsx',
  'language of the output and messages (default: zh when the locale is Chinese, else en)': '输出及提示信息的语言（默认：系统区域为中文时用 zh，否则用 en）',
  'amounts in 万 or in yuan': '金额单位：万元（wan）或元（yuan）',
  'judge every dated event (recognitions, loans, listings …) and "a full year" at this date (default: today); written 2020-12-31, 2020/12/31 or 2020年12月31日':
    '按此日期判断每个带日期的事项（认定、贷款、上市等）及“满一年”（默认：今天）；可写 2020-12-31、2020/12/31 或 2020年12月31日',
  'read a sentence of the policy another way, e.g. scope=whole-fund (repeatable; `subsidy items` lists the readings)':
    '对原文可有两种理解之处采用另一种理解，如 scope=whole-fund（可重复；subsidy items 列出各处及其选项）',
  'policy id in policies/, or a policy file (default: the one shipped policy)': 'policies/ 中的政策编号，或政策文件（默认：随附的政策）',
  'interview only: save the answers as a project YAML file': '仅用于问答：把回答保存为项目 YAML 文件',
  'with --save: replace an existing file that the interview did not write': '与 --save 一起用：覆盖并非由问答生成的已有文件',
  'with a project file: take it up in the interview, asking only what it leaves open': '与项目文件一起用：接着该文件继续问答，只问尚未确定的内容',
  'do not list the near misses (items one change away) under the table': '不在表格下列出“可争取的机会”',
  'no colour even on a terminal': '即使在终端也不使用颜色',
  "lay the table out for this many columns (default: the terminal's width, else 80)": '按此列数排版（默认：终端宽度，不是终端时为 80）',
  'project YAML file, or - for standard input; none on a terminal starts the interview': '项目 YAML 文件，或用 - 读取标准输入；在终端中不给文件则开始问答',
  'explain each item: every condition with the value given, the computation step by step, and what would change it': '逐项说明：每个条件及所填的值、逐步计算过程，以及怎样可以改变结果',
  'explain one item (see `subsidy items` for the ids)': '只说明一个条款事项（编号见 subsidy items）',
  'explain the items of one clause: （二十四）, (二十四), 二十四 or 24': '只说明某一条款的事项：（二十四）、(二十四)、二十四 或 24',
  "list the policy's items: clause, title, applicant, award and cap (a cheat sheet)": '列出政策的全部奖补事项：条款、事项、申请主体、奖补标准和上限',
  'write the results to a file instead of standard output': '把结果写入此文件而不是标准输出',
  'start CSV output with a UTF-8 BOM, so that Excel opens Chinese text correctly (the default for -o x.csv)': 'CSV 开头加 UTF-8 BOM，使 Excel 正确显示中文（-o x.csv 时默认加）',
  'no BOM, even in a .csv file (for programs that do not expect one)': '不加 BOM，即使写入 .csv 文件（供不识别 BOM 的程序使用）',
  'also write the summary as JSON to this file': '同时把汇总以 JSON 写入此文件',
  'also write the summary as a page to hand on: HTML, or PDF when the name ends in .pdf': '同时把汇总写成可提交的页面：HTML，文件名以 .pdf 结尾时为 PDF',
  "the CSV file's encoding (utf-8, gbk, gb18030); default: detected": 'CSV 文件的编码（utf-8、gbk、gb18030）；默认自动识别',
  'skip columns that are not facts of the policy instead of stopping': '跳过政策中没有的列，而不是报错停止',
  'no progress bar, even on a terminal': '即使在终端也不显示进度条',
  'csv: start with a UTF-8 BOM so that Excel shows Chinese correctly': 'csv：开头加 UTF-8 BOM，使 Excel 正确显示中文',
  'csv or yaml': 'csv 或 yaml',
  'with -o: replace an existing file (a filled-in list is never replaced without it)': '与 -o 同用：替换已有的文件（没有此选项时，已填写的清单绝不会被替换）',
  'estimate every row of a CSV or Excel list of projects (one row per project), or several project YAML files': '批量估算：CSV 或 Excel 项目清单的每一行（每行一个项目），或多个项目 YAML 文件',
  'the sheet of an Excel workbook to read (default: the first)': '要读取的 Excel 工作表（默认：第一个）',
  "the CSV's cell separator: , ; tab or | (default: from the header row)": 'CSV 的分隔符：, ; tab 或 |（默认：由表头行判断）',
  'a CSV file or an Excel workbook (.xlsx); or project YAML files or folders of them': '一个 CSV 文件或 Excel 工作簿（.xlsx）；或项目 YAML 文件及其所在文件夹',
  'print a starting file for the policy: a CSV header row with one example row, an Excel workbook with drop-down lists, or a commented project YAML':
    '输出填写模板：带一行示例的 CSV 表头、带下拉选项的 Excel 工作簿，或带注释的项目 YAML',
  'csv, xlsx: column headers (and xlsx drop-down choices) as fact ids or as Chinese / English labels': 'csv、xlsx：表头（及 xlsx 下拉选项）用字段编号，或中文/英文名称',
  'write to a file instead of standard output (xlsx: required on a terminal)': '写入文件而不是标准输出（xlsx 在终端中必须用此项）',
  'csv, xlsx or yaml': 'csv、xlsx 或 yaml',
  'check, test and compare policy files (for policy maintainers and CI)': '检查、测试和比较政策文件（供政策维护者和 CI 使用）',
  'check policy files: structure, references, quotes, caps, rates, dated parameters, test coverage': '检查政策文件：结构、引用、原文引文、上限、比例、按日期的参数、测试覆盖',
  'text, GitHub Actions annotations, or JSON': '文本、GitHub Actions 注释或 JSON',
  'warnings fail too (exit 1)': '有警告也算失败（退出码 1）',
  'the test-case file that must cover every payable item (default: x.test.yaml beside x.yaml)': '须覆盖每个奖补事项的测试用例文件（默认：x.yaml 旁的 x.test.yaml）',
  'policy files (default: every policy in policies/)': '政策文件（默认：policies/ 中的全部政策）',
  "run a policy's test cases (x.test.yaml beside x.yaml) and show every expected value that changed": '运行政策的测试用例（x.yaml 旁的 x.test.yaml），列出每个变化的预期值',
  'only the cases whose name contains this text': '只运行名称包含此文字的用例',
  'write the actual results into the test file as the new expected values (comments and order kept)': '把实际结果作为新的预期值写回测试文件（保留注释和顺序）',
  'with --update: write even if the test file changed on disk while the cases ran': '与 --update 一起用：即使运行期间测试文件已被改动也写入',
  output: '输出',
  'test-case files (default: every *.test.yaml in policies/)': '测试用例文件（默认：policies/ 中的全部 *.test.yaml）',
  'what changed between two versions of a policy: the rules, and the outcomes on a set of cases': '比较政策的两个版本：规则的变化，以及一组案例结果的变化',
  'the cases to compare on: a folder of project YAML files, or a policy test file (default: examples/)': '用于比较的案例：项目 YAML 文件夹，或政策测试文件（默认：examples/）',
  "judge the cases at this date (default: the test file's, else today)": '按此日期判断案例（默认：测试文件中的日期，否则为今天）',
  'how many of the biggest changes to list': '列出变化最大的多少项',
  'exit 1 when the rules or any outcome changed': '规则或任何结果有变化时退出码为 1',
  'the old policy: a file, or REV:path read from git (HEAD~1:policies/x.yaml)': '旧版政策：文件，或从 git 读取的 REV:路径（HEAD~1:policies/x.yaml）',
  'the new policy: a file, or REV:path': '新版政策：文件，或 REV:路径',
  "print the JSON Schema of a policy file, a project file (from the policy's facts) or a policy test file, for editors": '输出政策文件、项目文件（由政策的字段生成）或政策测试文件的 JSON Schema，供编辑器使用',
  'which file': '哪种文件',
  // subsidy serve (the workbench)
  'open the workbench: a page on this machine where the case is filled in and the estimate changes as you type': '打开测算工作台：在本机浏览器中填写案例，测算结果随输入即时更新',
  'port to listen on (0 picks a free one)': '监听的端口（0 表示自动选一个空闲端口）',
  'address to listen on; anything but 127.0.0.1 lets other machines reach the page': '监听的地址；除 127.0.0.1 以外的地址会让其他机器也能访问本页',
  'open the page in the default browser': '用默认浏览器打开本页',
};

const TITLES: Record<string, string> = {
  'Usage:': '用法：',
  'Options:': '选项：',
  'Commands:': '命令：',
  'Arguments:': '参数：',
  'Global Options:': '全局选项：',
};

/** A short Examples section per command, the commands a consultant types first. */
const EXAMPLES: Record<string, { en: string; zh: string; lines: string[] }> = {
  subsidy: {
    en: 'Examples',
    zh: '示例',
    lines: ['subsidy estimate examples/bank.yaml', 'subsidy estimate', 'subsidy batch projects.csv -o results.csv', 'subsidy items --lang zh'],
  },
  estimate: {
    en: 'Examples',
    zh: '示例',
    lines: [
      'subsidy estimate examples/bank.yaml --as-of 2020-12-31',
      'subsidy estimate --save 大华银行.yaml',
      'subsidy estimate examples/bank.yaml -o report.md',
      'subsidy estimate examples/park.yaml -o report.html',
      'subsidy estimate examples/park.yaml -o report.pdf --lang en',
      'subsidy estimate examples/bank.yaml --format json --unit yuan',
    ],
  },
  explain: {
    en: 'Examples',
    zh: '示例',
    lines: [
      'subsidy explain examples/going-public.yaml --item ip-pledge-interest',
      'subsidy explain examples/bank.yaml --clause 三十二',
      'subsidy explain examples/bank.yaml -o explain.html',
      'subsidy explain examples/bank.yaml -o explain.pdf --lang zh',
    ],
  },
  items: { en: 'Examples', zh: '示例', lines: ['subsidy items', 'subsidy items --format markdown > items.md'] },
  batch: {
    en: 'Examples',
    zh: '示例',
    lines: [
      'subsidy batch projects.csv -o results.csv',
      'subsidy batch list.xlsx -o out.xlsx --report s.pdf',
      'subsidy batch projects.csv -f jsonl --summary s.json',
      'subsidy batch cases/',
    ],
  },
  template: { en: 'Examples', zh: '示例', lines: ['subsidy template csv --headers zh > projects.csv', 'subsidy template yaml > project.yaml'] },
  schema: { en: 'Examples', zh: '示例', lines: ['subsidy schema project > schemas/project.schema.json'] },
  serve: { en: 'Examples', zh: '示例', lines: ['subsidy serve', 'subsidy serve --open --lang zh', 'subsidy serve --port 8080'] },
  check: { en: 'Examples', zh: '示例', lines: ['subsidy policy check', 'subsidy policy check policies/x.yaml --strict'] },
  test: { en: 'Examples', zh: '示例', lines: ['subsidy policy test', 'subsidy policy test --update'] },
  diff: { en: 'Examples', zh: '示例', lines: ['subsidy policy diff HEAD~1:policies/x.yaml policies/x.yaml'] },
};

/** A note after a command's options, in both languages. */
const NOTES: Record<string, { en: string; zh: string }> = {
  schema: {
    en: 'The shipped files are schemas/policy.schema.json, schemas/project.schema.json and schemas/policy-test.schema.json.\nA YAML file opts in with a first line such as:\n  # yaml-language-server: $schema=../schemas/project.schema.json',
    zh: '随附的文件为 schemas/policy.schema.json、schemas/project.schema.json 和 schemas/policy-test.schema.json。\nYAML 文件在第一行这样写即可启用：\n  # yaml-language-server: $schema=../schemas/project.schema.json',
  },
};

/** The Chinese of a description, when the table has it (else the English, rather than nothing). */
export function helpText(lang: Lang, english: string): string {
  return lang === 'zh' ? (ZH[english] ?? english) : english;
}

/** Gives every command of the program its help in the language, its Examples, and display-width wrapping. */
export function localiseHelp(program: Command, lang: Lang): void {
  const visit = (cmd: Command) => {
    cmd.configureHelp({
      styleTitle: (title: string) => (lang === 'zh' ? (TITLES[title] ?? title) : title),
      // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes start with ESC
      displayWidth: (text: string) => displayWidth(text.replace(/\x1b\[[0-9;]*m/g, '')),
      boxWrap: (text: string, width: number) => wrapLines(text, Math.max(10, width)).join('\n'),
      // Commander stops wrapping below 40 columns for the descriptions: CJK wraps well narrower.
      minWidthToWrap: 12,
      optionDescription: (option: Option) => optionDescription(option, lang),
      argumentDescription: (argument: Argument) => {
        const choices = argument.argChoices ? (lang === 'zh' ? `（可选：${argument.argChoices.join(', ')}）` : ` (choices: ${argument.argChoices.join(', ')})`) : '';
        return `${argument.description}${choices}`;
      },
    } as Partial<Help>);
    if (lang === 'zh') {
      // The usage line's words ([options], [command]) in Chinese; argument names stay as written.
      const zhUsage = (u: string) => u.replace('[options]', '[选项]').replace('[command]', '[命令]');
      cmd.usage(zhUsage(cmd.usage()));
      cmd.configureHelp({
        ...cmd.configureHelp(),
        subcommandTerm: (sub: Command) =>
          zhUsage(`${sub.name()}${sub.options.length ? ' [options]' : ''}${sub.registeredArguments.map((a) => (a.required ? ` <${a.name()}${a.variadic ? '...' : ''}>` : ` [${a.name()}${a.variadic ? '...' : ''}]`)).join('')}`),
      } as Partial<Help>);
      if (cmd.commands.length) cmd.helpCommand('help [command]', '显示某个命令的帮助');
      cmd.description(helpText(lang, cmd.description()));
      for (const o of cmd.options) o.description = helpText(lang, o.description);
      for (const a of cmd.registeredArguments) a.description = helpText(lang, a.description);
      cmd.helpOption('-h, --help', helpText(lang, 'display help for command'));
    }
    const note = NOTES[cmd.name()];
    if (note) cmd.addHelpText('after', `\n${note[lang]}`);
    const examples = EXAMPLES[cmd.name()];
    if (examples) cmd.addHelpText('after', `\n${examples[lang]}${lang === 'zh' ? '：' : ':'}\n${examples.lines.map((l) => `  $ ${l}`).join('\n')}`);
    for (const sub of cmd.commands) visit(sub);
  };
  visit(program);
}

/** An option's description with its choices and default, in the language. */
function optionDescription(option: Option, lang: Lang): string {
  const extra: string[] = [];
  const zh = lang === 'zh';
  if (option.argChoices) extra.push(`${zh ? '可选' : 'choices'}: ${option.argChoices.join(', ')}`);
  // A switch's default (false) says nothing a reader needs: only values' defaults are shown.
  const showDefault = option.defaultValue !== undefined && (option.required || option.optional);
  if (showDefault) extra.push(`${zh ? '默认' : 'default'}: ${option.defaultValueDescription ? helpText(lang, option.defaultValueDescription) : String(option.defaultValue)}`);
  if (!extra.length) return option.description;
  return zh ? `${option.description}（${extra.join('；').replace(/: /g, '：')}）` : `${option.description} (${extra.join(', ')})`;
}

// Commander's own messages for usage errors, in Chinese (the parts that name an option or a value are kept).
const ERRORS: [RegExp, string][] = [
  [/^error: unknown option '(.*)'/, "错误：未知选项 '$1'"],
  [/^error: unknown command '(.*)'/, "错误：未知命令 '$1'"],
  [/^error: missing required argument '(.*)'/, "错误：缺少必需的参数 '$1'"],
  [/^error: option '(.*)' argument missing/, "错误：选项 '$1' 缺少值"],
  [/^error: option '(.*)' argument '(.*)' is invalid\. Allowed choices are (.*)\./, "错误：选项 '$1' 的值 '$2' 无效，可选值为 $3。"],
  [/^error: option '(.*)' argument '(.*)' is invalid\. must be a whole number of columns from 40 to 1000, got "(.*)"/, "错误：选项 '$1' 的值 '$2' 无效：应为 40 至 1000 之间的整数列数"],
  [/^error: option '(.*)' argument '(.*)' is invalid\. (.*)/, "错误：选项 '$1' 的值 '$2' 无效：$3"],
  [/^error: too many arguments for '(.*)'\. Expected (\d+) arguments? but got (\d+)\./, "错误：'$1' 的参数过多：应为 $2 个，实际为 $3 个。"],
  [/^error: too many arguments\. Expected (\d+) arguments? but got (\d+)\./, '错误：参数过多：应为 $1 个，实际为 $2 个。'],
  [/\(Did you mean (.*)\?\)/, '（是否想用 $1？）'],
  [/^\(run with --help for usage\)/, '（用 --help 查看用法）'],
];

/** A commander usage error (one or more lines) in the run's language. */
export function usageError(text: string, lang: Lang): string {
  if (lang !== 'zh') return text;
  return text
    .split('\n')
    .map((line) => ERRORS.reduce((l, [re, zh]) => l.replace(re, zh), line))
    .join('\n');
}
