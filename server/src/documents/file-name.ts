/** Characters no file system takes in a name, and control characters (matching them is the point). */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f]/g;

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};

/**
 * The name a downloaded file gets: an upload keeps the name it was uploaded with; an issued
 * document is named by its title in the applicant's language and the application's number, e.g.
 * «Тіркеу туралы хабарлама UO.2026.000003.1.pdf».
 */
export function documentFileName(document: {
  kind: string;
  title: string;
  content_type: string;
  application_number: string | null;
}): string {
  const title = document.title.replace(UNSAFE, '_').trim() || document.kind;
  if (document.kind === 'attachment') return title;
  const extension = EXTENSIONS[document.content_type] ?? 'bin';
  const number = document.application_number ? ` ${document.application_number}` : '';
  return `${title}${number}.${extension}`;
}
