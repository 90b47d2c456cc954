/**
 * The part of playwright-core's API the end-to-end tests use. playwright-core is installed into
 * test/e2e/node_modules by scripts/e2e-setup.sh and loaded at run time (harness.ts), so that the
 * build and the type check work without it; these declarations stand in for its own types.
 */
export interface Chromium {
  launch(options: { executablePath: string; args?: string[]; headless?: boolean; timeout?: number; env?: NodeJS.ProcessEnv }): Promise<Browser>;
}

export interface Browser {
  newPage(options?: { viewport?: { width: number; height: number }; locale?: string }): Promise<Page>;
  close(): Promise<void>;
}

type WaitState = 'attached' | 'detached' | 'visible' | 'hidden';

export interface Locator {
  first(): Locator;
  nth(index: number): Locator;
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
  waitFor(options?: { state?: WaitState; timeout?: number }): Promise<void>;
  hover(options?: { timeout?: number; position?: { x: number; y: number } }): Promise<void>;
  click(options?: { timeout?: number; position?: { x: number; y: number } }): Promise<void>;
  innerText(options?: { timeout?: number }): Promise<string>;
  textContent(options?: { timeout?: number }): Promise<string | null>;
  getAttribute(name: string, options?: { timeout?: number }): Promise<string | null>;
  count(): Promise<number>;
  inputValue(options?: { timeout?: number }): Promise<string>;
  fill(value: string, options?: { timeout?: number }): Promise<void>;
  press(key: string, options?: { timeout?: number }): Promise<void>;
  boundingBox(options?: { timeout?: number }): Promise<{ x: number; y: number; width: number; height: number } | null>;
  // The callbacks run in the page (DOM types are not in this project's lib: they get `any`).
  evaluate<R>(fn: (element: any) => R): Promise<R>;
  evaluateAll<R>(fn: (elements: any[]) => R): Promise<R>;
}

export interface Page {
  goto(url: string, options?: { timeout?: number; waitUntil?: 'load' | 'domcontentloaded' }): Promise<unknown>;
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
  keyboard: {
    press(key: string, options?: { delay?: number }): Promise<void>;
    type(text: string, options?: { delay?: number }): Promise<void>;
  };
  mouse: { move(x: number, y: number, options?: { steps?: number }): Promise<void> };
  screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>;
  exposeFunction(name: string, fn: (...args: any[]) => unknown): Promise<void>;
  waitForFunction<A>(fn: (arg: A) => unknown, arg?: A, options?: { timeout?: number; polling?: number }): Promise<unknown>;
  waitForTimeout(ms: number): Promise<void>;
  on(event: 'console', fn: (message: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', fn: (error: Error) => void): void;
  close(): Promise<void>;
}
