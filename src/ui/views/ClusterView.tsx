/** Placeholder: being written. */
export function ClusterView() {
  return <div className="placeholder">ClusterView</div>;
}
