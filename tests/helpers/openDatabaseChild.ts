// Run as a child process (e.g. as an unprivileged user) to open a database and print the outcome.
import { openDatabase } from '../../db/open';

const file = process.argv[2]!;
try {
  openDatabase(file).db.close();
  console.log(JSON.stringify({ opened: true }));
} catch (e) {
  console.log(JSON.stringify({ opened: false, kind: (e as { kind?: string }).kind, message: (e as Error).message }));
}
