// A form's failure, announced as it appears (role="alert"); nothing while there is none.
export function FormError({ message, id, className }: { message: string | null | undefined; id?: string; className?: string }) {
  if (!message) return null;
  return (
    <p id={id} className={className ? `form-error ${className}` : 'form-error'} role="alert">
      {message}
    </p>
  );
}
