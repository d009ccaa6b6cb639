let counter = 0;

/** A short id for a failure, shown to the user and written to the log with the details. */
export function newErrorId(): string {
  counter = (counter + 1) % 1296;
  return `${Date.now().toString(36).slice(-5)}${counter.toString(36).padStart(2, '0')}`;
}
