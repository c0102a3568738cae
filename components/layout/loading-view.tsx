// What a route shows while the server prepares it (the loading.tsx files): a spinner and words
// in a live region, so a slow network is seen and heard, not a frozen page.
export function LoadingView({ what = 'Loading' }: { what?: string }) {
  return (
    <main className="page">
      <div className="loading" role="status">
        <span className="spinner" aria-hidden="true" />
        <p>{what}…</p>
      </div>
    </main>
  );
}
