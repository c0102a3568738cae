// better-auth's client answers a refusal with `{ error }` rather than throwing; useSubmit shows
// what is thrown, so this turns the one into the other.
export function unlessFailed<T extends { error: { message?: string } | null }>(result: T): T {
  if (result.error) throw new Error(result.error.message ?? 'Something went wrong, try again.');
  return result;
}
