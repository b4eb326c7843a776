/** An error whose message is safe to show to the person who caused it and tells them what to change. */
export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';
}
