/** A failure the user must read (a refused key, a denied permission), announced at once; nothing when there is none. */
export function ErrorAlert({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p class="error" role="alert">
      {message}
    </p>
  );
}
