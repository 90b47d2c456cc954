/**
 * The parser's problems (BuildKit's own parse errors, word for word in English: the parser sits
 * below the docs layer) in both languages, for the diagnostics the engine emits. Each known
 * message gets a natural Korean sentence; BuildKit's wording is kept after it in parentheses so
 * the error can still be searched for. An unknown message (a new parser error) is still wrapped
 * in a Korean sentence rather than shown bare.
 */
import { josa, l } from '../../docs/locale';
import type { Localized } from '../../docs/types';

type Translate = (m: RegExpExecArray) => string;

const KO: Array<[RegExp, Translate]> = [
  [/^FROM requires either one or three arguments$/, () => 'FROM에는 인수가 하나(이미지) 또는 셋(이미지 AS 이름)이어야 합니다'],
  [/^invalid name for build stage: (.*), name can't start with a number or contain symbols$/, (m) => `빌드 스테이지 이름 ${josa(m[1], '은')} 쓸 수 없습니다. 숫자로 시작하거나 기호를 포함할 수 없습니다`],
  [/^(\w+) requires at least one argument$/, (m) => `${m[1]}에는 인수가 하나 이상 필요합니다`],
  [/^(\w+) requires exactly one argument$/, (m) => `${m[1]}에는 인수가 정확히 하나 필요합니다`],
  [/^(\w+) names can not be blank$/, (m) => `${m[1]}의 이름은 비워 둘 수 없습니다`],
  [/^(\w+) requires at least two arguments, but only one was provided\. Destination could not be determined$/, (m) => `${m[1]}에는 인수가 둘 이상 필요한데 하나뿐이라 복사할 위치(대상)를 알 수 없습니다`],
  [/^(\w+) must have two arguments$/, (m) => `${m[1]}에는 인수가 두 개 있어야 합니다`],
  [/^HEALTHCHECK requires an argument$/, () => 'HEALTHCHECK에는 인수가 필요합니다'],
  [/^HEALTHCHECK NONE takes no arguments$/, () => 'HEALTHCHECK NONE 뒤에는 인수를 쓸 수 없습니다'],
  [/^Missing command after HEALTHCHECK CMD$/, () => 'HEALTHCHECK CMD 뒤에 실행할 명령이 없습니다'],
  [/^Unknown type (.*) in HEALTHCHECK \(try CMD\)$/, (m) => `HEALTHCHECK에 알 수 없는 유형 ${josa(m[1], '이')} 있습니다(CMD를 쓰세요)`],
  [/^SHELL requires the arguments to be in JSON form$/, () => 'SHELL의 인수는 JSON 배열 형식이어야 합니다'],
  [/^when using JSON array syntax, arrays must be comprised of strings only$/, () => 'JSON 배열 문법에서는 배열의 요소가 모두 문자열이어야 합니다'],
  [/^Syntax error - can't find = in (.*)\. Must be of the form: name=value$/, (m) => `문법 오류: ${m[1]}에 =가 없습니다. 이름=값 형식이어야 합니다`],
  [/^Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed$/, () => 'ONBUILD 안에 ONBUILD를 다시 쓸 수 없습니다'],
  [/^(\w+) isn't allowed as an ONBUILD trigger$/, (m) => `${josa(m[1], '은')} ONBUILD 트리거로 쓸 수 없습니다`],
  [/^unknown instruction: (.*)$/, (m) => `알 수 없는 명령어입니다: ${m[1]}`],
  [/^only one (\w+) parser directive can be used$/, (m) => `${m[1]} 파서 지시문은 한 번만 쓸 수 있습니다`],
  [/^invalid escape token '(.*)' does not match ` or \\$/, (m) => `이스케이프 문자 '${m[1]}'은(는) 쓸 수 없습니다. \` 또는 \\만 됩니다`],
  [/^dockerfile line greater than max allowed size of (\d+)$/, (m) => `Dockerfile 한 줄이 허용된 최대 크기(${m[1]}바이트)를 넘습니다`],
  [/^unterminated heredoc: no line "(.*)" ends it before the end of the file$/, (m) => `heredoc이 끝나지 않았습니다: 파일 끝까지 "${m[1]}" 줄이 없습니다`],
  [/^file with no instructions$/, () => '명령어가 하나도 없는 파일입니다'],
  [/^Empty continuation line found in: /, () => '빈 연속 줄이 있습니다(앞으로 BuildKit에서 오류가 됩니다)'],
];

/** A parser problem's message in English (as the parser wrote it) and Korean. */
export function parserProblemText(message: string): Localized {
  for (const [re, ko] of KO) {
    const m = re.exec(message);
    if (m) return l(message, `${ko(m)} (${message})`);
  }
  return l(message, `BuildKit이 이 부분을 해석하지 못합니다 (${message})`);
}
