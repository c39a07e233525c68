/** Placeholder: being written. */
export function EventLog() {
  return <div className="placeholder">EventLog</div>;
}
