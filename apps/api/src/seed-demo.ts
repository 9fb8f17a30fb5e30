// `npm run seed:demo`: loads the ISSSTESON demo engagement (see libs/demo). Safe to run twice.
process.stderr.write('The demo data loader is being written; see libs/demo.\n');
process.exit(1);
