import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnv } from '../../config/env';
import { clinicFileSchema } from '../../flows/clinic-schema';
import { checkFlowReferences, FLOW_FILES, type FlowFileName } from '../../flows/flow-files';
import type { ClinicFile } from '../../flows/clinic-schema';
import { displayPath, findClinicFolders } from '../../flows/flow-store';
import { formatProblem, parseFlowFile, type FlowProblem } from '../../flows/parse-flow-file';
import { readPrompts } from '../../flows/read-prompts';

/** Every problem in the owner-editable files, as `file:line: problem`. */
export function validateFlows(flowsDir: string, promptsDir: string): { problems: FlowProblem[]; checked: string[] } {
  const problems: FlowProblem[] = [];
  const checked: string[] = [];
  const folders = findClinicFolders(flowsDir);
  if (folders.length === 0) problems.push({ file: displayPath(join(flowsDir, 'clinic.yaml')), line: 1, message: 'file not found' });
  for (const folder of folders) {
    const files: [string, import('zod').ZodType][] = [['clinic.yaml', clinicFileSchema], ...Object.entries(FLOW_FILES).map(([n, d]) => [n, d.schema] as [string, import('zod').ZodType])];
    let clinic: ClinicFile | undefined;
    for (const [name, schema] of files) {
      const path = join(folder.dir, name);
      if (!existsSync(path)) continue;
      checked.push(displayPath(path));
      const text = readFileSync(path, 'utf8');
      const parsed = parseFlowFile(displayPath(path), text, schema);
      if (!parsed.ok) problems.push(...parsed.problems);
      else if (name === 'clinic.yaml') clinic = parsed.value as ClinicFile;
      // Cross-file references (e.g. a service id in screening.yaml) need a valid clinic.yaml.
      else if (clinic) problems.push(...checkFlowReferences(name as FlowFileName, displayPath(path), text, parsed.value as never, clinic));
    }
    const own = join(folder.dir, 'prompts');
    const prompts = readPrompts(existsSync(own) ? own : promptsDir);
    problems.push(...prompts.problems);
    checked.push(...Object.keys(prompts.files).map((f) => displayPath(join(existsSync(own) ? own : promptsDir, `${f}.md`))));
  }
  return { problems, checked };
}

/** `atende validate`: checks flows/ and prompts/; exit 1 when anything is wrong. */
export async function run(): Promise<number> {
  const env = loadEnv();
  const { problems, checked } = validateFlows(env.FLOWS_DIR, env.PROMPTS_DIR);
  for (const p of problems) console.error(formatProblem(p));
  if (problems.length) return 1;
  console.log(`ok: ${checked.length} files valid (${checked.join(', ')})`);
  return 0;
}
