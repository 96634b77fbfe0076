export interface MachineState {
  chromium: boolean;
  font: boolean;
  root: boolean;
  aptGet: boolean;
  chromiumPath: string;
}
export type BrowserSetup =
  | { action: 'ready' }
  | { action: 'install'; packages: string[] }
  | { action: 'stop'; message: string };
export const FONT: string;
export function browserSetup(state: MachineState): BrowserSetup;
export function ensureBrowser(): number;
