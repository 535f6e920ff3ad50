// `abort` is routed here at compile time (`--use abort=…`), so the module imports nothing from `env`:
// a failed bounds check or allocation traps instead of calling the host, and the validation is registered
// with blockOnFailure: false, so a trap never blocks checkout.
export function abortHandler(message: usize, fileName: usize, line: u32, column: u32): void {
  unreachable();
}
