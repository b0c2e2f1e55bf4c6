/**
 * `atende <command>`: one binary for the service, the worker and every operator task.
 * Commands are loaded lazily so `atende when` starts fast and never opens a database.
 */
type Command = { summary: string; load: () => Promise<{ run: (args: string[]) => Promise<number | void> }> };

const commands: Record<string, Command> = {
  serve: { summary: 'run the web service (default command of npm start)', load: () => import('./commands/serve') },
  worker: { summary: 'run the job workers as their own process (needs REDIS_URL)', load: () => import('./commands/worker') },
  migrate: { summary: 'apply database migrations', load: () => import('./commands/migrate') },
  seed: { summary: 'sync flows/clinic.yaml into the database and add demo data', load: () => import('./commands/seed') },
  validate: { summary: 'check every file in flows/ and prompts/ (file:line: problem)', load: () => import('./commands/validate') },
  slots: { summary: 'slots --service ID [--from DATE] [--professional ID] [--limit N]', load: () => import('./commands/slots') },
  when: { summary: 'when "texto" [--now ISO] | when --jsonl', load: () => import('./commands/when') },
  understand: { summary: 'understand "texto" [--now ISO] | understand --jsonl', load: () => import('./commands/understand') },
  chat: { summary: 'talk to the bot in the terminal, through the real pipeline', load: () => import('./commands/chat') },
  risk: { summary: 'risk train|score|report (no-show model)', load: () => import('./commands/risk') },
  staff: { summary: 'staff add --email E --role owner|reception [--clinic ID]', load: () => import('./commands/staff') },
  token: { summary: 'token create --name N [--clinic ID] [--role owner|reception]', load: () => import('./commands/token') },
  retention: { summary: 'retention run [--days N] [--dry-run] (erase message texts older than RETENTION_DAYS)', load: () => import('./commands/retention') },
  keys: { summary: 'keys generate|status|reencrypt (rotate the field-encryption key)', load: () => import('./commands/keys') },
  bench: { summary: 'run every benchmark and print a table and a JSON summary', load: () => import('./commands/bench') },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((k) => k.length));
  return ['usage: atende <command> [options]', '', ...Object.entries(commands).map(([k, c]) => `  ${k.padEnd(width)}  ${c.summary}`)].join('\n');
}

export async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return;
  }
  const command = commands[name];
  if (!command) {
    console.error(`atende: unknown command "${name}"\n\n${usage()}`);
    process.exitCode = 2;
    return;
  }
  try {
    const mod = await command.load();
    const code = await mod.run(rest);
    if (typeof code === 'number') process.exitCode = code;
  } catch (err) {
    console.error(`atende ${name}: ${err instanceof Error ? err.message : String(err)}`);
    if (process.env.ATENDE_DEBUG) console.error(err);
    process.exitCode = (err as { exitCode?: number }).exitCode ?? 1;
  }
}
