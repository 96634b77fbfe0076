import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generatedSqlFiles, SERVER_SOURCE } from './files.ts';

// `npm run sql:generate`: writes each capability's queries.sql from its queries.ts.
for (const [file, text] of await generatedSqlFiles()) {
  await writeFile(path.join(SERVER_SOURCE, file), text);
  console.log(`server/src/${file}`);
}
