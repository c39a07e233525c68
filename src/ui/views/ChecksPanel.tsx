/** Placeholder: being written. */
export function ChecksPanel() {
  return <div className="placeholder">ChecksPanel</div>;
}
