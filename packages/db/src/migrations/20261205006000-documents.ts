import { sql, type Kysely } from 'kysely';

/**
 * Documents (issue 21, item 5): files attached to a data subject under one data category (a
 * medical report under `health`, a travel document under `identity`), stored in PostgreSQL.
 *
 * - `documents` holds what the hub decides on and answers with: the subject, the category, the
 *   content type the hub found by the file's magic bytes (PDF, JPEG or PNG only), its size and
 *   SHA-256, a title (no personal data needed) and who added it when. It belongs to the subject's
 *   agency (`agency_id` leads its keys, beside the subject).
 * - `document_chunks` holds the content, in pieces of at most 256 KiB (`seq` from 0), so a
 *   download is read and sent piece by piece and no statement carries a whole large file.
 * - Neither is ever updated or deleted by the application role: a document is added once.
 * - Row-level security: the owner agency reads and adds its own; the recipient of an accepted or
 *   in-progress referral of the subject reads the documents whose category the referral shares
 *   (the policy then cuts that to what the consent and the agreement still allow, and to the
 *   assignee), as it reads the subject's row.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table documents (
      agency_id uuid not null,
      id uuid not null default gen_random_uuid(),
      subject_id uuid not null,
      category text not null check (category in ('identity', 'contact', 'location', 'family', 'protection', 'health', 'legal')),
      content_type text not null check (content_type in ('application/pdf', 'image/jpeg', 'image/png')),
      size bigint not null check (size > 0),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      title text not null check (length(title) between 1 and 200),
      created_by uuid not null,
      created_at timestamptz not null,
      primary key (agency_id, id),
      foreign key (agency_id, subject_id) references subjects (agency_id, id)
    );
    create index documents_by_subject on documents (agency_id, subject_id, created_at, id);

    create table document_chunks (
      agency_id uuid not null,
      document_id uuid not null,
      seq integer not null check (seq >= 0),
      bytes bytea not null check (length(bytes) between 1 and 262144),
      primary key (agency_id, document_id, seq),
      foreign key (agency_id, document_id) references documents (agency_id, id)
    );
  `.execute(db);

  const agency = sql`nullif(current_setting('app.agency_id', true), '')::uuid`;
  await sql`
    alter table documents enable row level security;
    alter table documents force row level security;
    grant select, insert on documents to ponte_app;
    create policy documents_own on documents for all to ponte_app using (agency_id = ${agency}) with check (agency_id = ${agency});
    create policy documents_referred on documents for select to ponte_app using (exists (
      select 1 from referrals r
      where r.agency_id = documents.agency_id and r.subject_id = documents.subject_id
        and r.recipient_agency_id = ${agency} and r.status in ('accepted', 'in_progress')
        and documents.category = any (r.shared_categories)));

    alter table document_chunks enable row level security;
    alter table document_chunks force row level security;
    grant select, insert on document_chunks to ponte_app;
    create policy document_chunks_own on document_chunks for all to ponte_app using (agency_id = ${agency}) with check (agency_id = ${agency});
    -- A chunk is readable where its document is (the documents' own policies decide, inside this one).
    create policy document_chunks_referred on document_chunks for select to ponte_app using (exists (
      select 1 from documents d where d.agency_id = document_chunks.agency_id and d.id = document_chunks.document_id));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table document_chunks; drop table documents;`.execute(db);
}
