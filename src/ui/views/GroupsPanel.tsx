/** Placeholder: being written. */
export function GroupsPanel() {
  return <div className="placeholder">GroupsPanel</div>;
}
