-- The SQL fallback of `npm run media -- purge --live`: removes every image reference (the
-- images rows) in one transaction. Stored objects are never touched. For when the CLI cannot
-- run; take a snapshot first all the same (npm run media -- snapshot), or nothing can be
-- restored.
--
--   psql "$DATABASE_URL" -f drizzle/sql/purge-media.sql
--
-- As shipped it ends in ROLLBACK: it prints the counts before and after and changes nothing.
-- To make it commit, replace the last statement, ROLLBACK;, with COMMIT; in a copy of this file.

\set ON_ERROR_STOP on
\pset footer off

BEGIN;
-- Reads go on; no one writes images until the transaction ends.
LOCK TABLE images IN EXCLUSIVE MODE;

\echo 'Before the purge:'
SELECT count(*) AS images, count(DISTINCT listing_id) AS listings_with_images FROM images;
SELECT coalesce(listing_id::text, '(no listing)') AS listing, count(*) AS images
  FROM images GROUP BY listing_id ORDER BY listing_id NULLS LAST;

DELETE FROM images;

\echo 'After the purge (inside the transaction):'
SELECT count(*) AS images FROM images;

\echo 'Ending the transaction. As shipped this is ROLLBACK and nothing changes (to commit, see the comment at the top).'
ROLLBACK;
