/** Placeholder until the console panel is wired. */
export function ConsoleTab() {
  return <div className="placeholder">console</div>;
}
