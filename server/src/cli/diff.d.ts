/** The part of jsdiff (npm `diff`, kpdecker/jsdiff; v7 ships no types) that cli/fix.ts uses. */
declare module 'diff' {
  export function createTwoFilesPatch(
    oldFileName: string,
    newFileName: string,
    oldStr: string,
    newStr: string,
    oldHeader?: string,
    newHeader?: string,
    options?: { context?: number },
  ): string;
}
