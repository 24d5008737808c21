/**
 * Manifests in: files, directories (recursive), stdin, kustomize directories and Helm output. Every object keeps
 * its file, document index, Helm template and a locator for the line of any field. Bad input becomes a note
 * naming the file and line; the rest is still read.
 */
import { execFile } from 'node:child_process';
import { closeSync, fstatSync, openSync, readFileSync, type Stats, statSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Note } from '../findings/finding.js';
import type { FieldPath } from '../inventory/field-path.js';
import { type Resource, toResource } from '../inventory/resource.js';
import { SourceText } from './locate.js';
import { DEFAULT_YAML_LIMITS, type ParsedDocument, parseDocuments, YamlLimitError } from './yaml.js';

export const DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024;

export interface ManifestOptions {
  /** Bytes; larger files are refused with an error note. */
  maxFileSize?: number;
  /** Reads standard input for the path `-`. */
  readStdin?: () => Promise<Buffer>;
  /** What reports call standard input (`--stdin-filename`): the file the piped text stands for; `-` by default. */
  stdinName?: string;
  /** Called after each file is read: files so far, objects so far (for a progress line). */
  onProgress?: (files: number, objects: number) => void;
  /** Renders a kustomization directory; undefined result means kubectl is unavailable. */
  renderKustomization?: (dir: string) => Promise<string | undefined>;
}

export interface LoadedManifests {
  resources: Resource[];
  notes: Note[];
  /** True when some input could not be read or parsed (exit code 2). */
  inputErrors: boolean;
  files: number;
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);
/** Policy files sit beside manifests but are not manifests. */
export const POLICY_FILE_NAMES = ['parapet.yaml', 'parapet.yml'];

class ManifestLoader {
  readonly resources: Resource[] = [];
  readonly notes: Note[] = [];
  inputErrors = false;
  files = 0;
  private readonly visited = new Set<string>();

  constructor(private readonly options: ManifestOptions) {}

  tooLarge(file: string, size: number, limit: number): void {
    this.error(
      `${file} is ${formatBytes(size)}, over the ${formatBytes(limit)} limit; raise it with --max-file-size`,
      file,
    );
  }

  error(message: string, file?: string, line?: number, column?: number): void {
    this.inputErrors = true;
    this.notes.push({ level: 'error', message, file, line, column });
  }

  async loadPath(arg: string): Promise<void> {
    if (arg === '-') {
      const read = this.options.readStdin ?? readStdin;
      this.loadText(this.options.stdinName || '-', await read(), false);
      return;
    }
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(arg);
    } catch (error) {
      this.error(`cannot read ${arg}: ${describeFsError(error)}`, arg);
      return;
    }
    if (info.isDirectory()) await this.loadDirectory(arg);
    else this.loadFile(arg);
  }

  private async loadDirectory(dir: string): Promise<void> {
    // a symlink back up the tree would otherwise be walked forever
    const real = await realpath(dir).catch(() => dir);
    if (this.visited.has(real)) return;
    this.visited.add(real);
    let entries: string[];
    try {
      entries = (await readdir(dir)).sort();
    } catch (error) {
      this.error(`cannot read directory ${dir}: ${describeFsError(error)}`, dir);
      return;
    }
    const kustomization = KUSTOMIZATION_FILES.find((name) => entries.includes(name));
    if (kustomization !== undefined) {
      await this.loadKustomization(dir);
      return;
    }
    for (const name of entries) {
      if (name.startsWith('.') || SKIPPED_DIRECTORIES.has(name) || POLICY_FILE_NAMES.includes(name)) continue;
      const full = path.join(dir, name);
      let info: Stats;
      try {
        info = statSync(full);
      } catch (error) {
        this.error(`cannot read ${full}: ${describeFsError(error)}`, full);
        continue;
      }
      if (info.isDirectory()) await this.loadDirectory(full);
      // regular files only: a FIFO or device found by walking could block the read forever
      else if (info.isFile() && MANIFEST_EXTENSIONS.has(path.extname(name).toLowerCase()))
        this.loadFile(full);
    }
  }

  private async loadKustomization(dir: string): Promise<void> {
    const render = this.options.renderKustomization ?? renderWithKubectl;
    let rendered: string | undefined;
    try {
      rendered = await render(dir);
    } catch (error) {
      this.error(`kubectl kustomize ${dir} failed: ${firstLine(error)}`, dir);
      return;
    }
    if (rendered === undefined) {
      this.error(
        `${dir} holds a kustomization, and kubectl is not on PATH to render it; render it yourself and pipe it in: kubectl kustomize ${dir} | parapet scan -`,
        dir,
      );
      return;
    }
    this.loadText(dir, Buffer.from(rendered), false);
  }

  /** Synchronous reads: a scan reads files one after another anyway, and each await costs an idle turn. */
  private loadFile(file: string): void {
    const limit = this.options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    let fd: number | undefined;
    let bytes: Buffer;
    try {
      fd = openSync(file, 'r');
      const { size } = fstatSync(fd);
      if (size > limit) {
        this.tooLarge(file, size, limit);
        return;
      }
      bytes = readFileSync(fd);
    } catch (error) {
      this.error(`cannot read ${file}: ${describeFsError(error)}`, file);
      return;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    this.loadText(file, bytes, path.extname(file).toLowerCase() === '.json');
  }

  loadText(file: string, bytes: Buffer, json: boolean): void {
    this.files++;
    const limit = this.options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    if (bytes.length > limit) {
      this.tooLarge(file, bytes.length, limit);
      return;
    }
    if (bytes.includes(0)) {
      this.error(`${file} is a binary file, not YAML or JSON`, file);
      return;
    }
    let text = bytes.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = ` ${text.slice(1)}`; // keep offsets: a space where the BOM was
    const documents = this.parse(file, text, json);
    const source = new SourceText(
      text,
      documents.map((doc) => doc.offset),
      json,
    );
    const helmSources = findHelmSources(text);
    let previousOffset = -1;
    documents.forEach((doc, index) => {
      const helmSource = helmSourceBetween(helmSources, previousOffset, doc.offset);
      previousOffset = doc.offset;
      this.addDocument(file, index, doc, source, helmSource);
    });
    this.options.onProgress?.(this.files, this.resources.length);
  }

  /** Parses the whole text; on a syntax error, reports it and salvages the documents around it. */
  private parse(file: string, text: string, json: boolean): ParsedDocument[] {
    try {
      return parseDocuments(text, { json, limits: DEFAULT_YAML_LIMITS });
    } catch (error) {
      if (json) {
        this.reportParseError(file, text, 0, error);
        return [];
      }
    }
    const documents: ParsedDocument[] = [];
    const bounds = documentChunks(text);
    for (let i = 0; i < bounds.length; i++) {
      const start = bounds[i] as number;
      const end = bounds[i + 1] ?? text.length;
      try {
        for (const doc of parseDocuments(text.slice(start, end))) {
          documents.push({ value: doc.value, offset: doc.offset + start });
        }
      } catch (error) {
        this.reportParseError(file, text, start, error);
      }
    }
    return documents;
  }

  private reportParseError(file: string, text: string, chunkStart: number, error: unknown): void {
    // Never echo js-yaml's snippet: it quotes the source, which may hold secret values.
    const offset = chunkStart + errorOffset(error);
    const prefix = text.slice(0, offset);
    const line = prefix.split('\n').length;
    const column = offset - (prefix.lastIndexOf('\n') + 1) + 1;
    const reason =
      error instanceof YamlLimitError
        ? error.message
        : error instanceof Error && 'reason' in error
          ? String((error as { reason: unknown }).reason)
          : error instanceof RangeError
            ? 'nested too deeply'
            : 'cannot be parsed';
    this.error(
      `${file}:${line}:${column}: invalid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${reason}`,
      file,
      line,
      column,
    );
  }

  private addDocument(
    file: string,
    index: number,
    doc: ParsedDocument,
    source: SourceText,
    helmSource?: string,
  ): void {
    const value = doc.value;
    if (value === null || value === undefined) return; // an empty document
    const listItems = isList(value) ? (value as { items: unknown[] }).items : undefined;
    const entries: [unknown, FieldPath][] = listItems
      ? listItems.map((item, i) => [item, ['items', i]])
      : [[value, []]];
    for (const [object, prefix] of entries) {
      const resource = toResource(
        object,
        {
          file,
          document: index,
          helmSource,
          locate: (fieldPath) =>
            source.locate(index, prefix.length === 0 ? fieldPath : [...prefix, ...fieldPath]),
        },
        this.resources.length,
      );
      if (resource === undefined) {
        const { line } = source.position(doc.offset);
        const where = prefix.length ? `item ${prefix[1]} of document ${index + 1}` : `document ${index + 1}`;
        this.notes.push({
          level: 'info',
          message: `${file}:${line}: ${where} skipped: no apiVersion/kind, so not a Kubernetes object`,
          file,
          line,
        });
        continue;
      }
      this.resources.push(resource);
    }
  }
}

function isList(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const { kind, items } = value as { kind?: unknown; items?: unknown };
  return typeof kind === 'string' && kind.endsWith('List') && Array.isArray(items);
}

/** Offsets where documents start (`---` lines), for salvaging the documents around a syntax error. */
function documentChunks(text: string): number[] {
  const bounds = [0];
  const marker = /^---(?=[ \t\r\n]|$)/gm;
  for (let m = marker.exec(text); m !== null; m = marker.exec(text)) if (m.index > 0) bounds.push(m.index);
  return bounds;
}

interface HelmSource {
  offset: number;
  template: string;
}

function findHelmSources(text: string): HelmSource[] {
  if (!text.includes('# Source: ')) return [];
  const out: HelmSource[] = [];
  const pattern = /^# Source: (.+?)\s*$/gm;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    out.push({ offset: m.index, template: m[1] as string });
  }
  return out;
}

function helmSourceBetween(sources: HelmSource[], after: number, before: number): string | undefined {
  let found: string | undefined;
  for (const source of sources) {
    if (source.offset >= before) break;
    if (source.offset > after) found = source.template;
  }
  return found;
}

function errorOffset(error: unknown): number {
  if (error instanceof YamlLimitError) return error.offset;
  const mark = (error as { mark?: { position?: unknown } } | undefined)?.mark;
  return typeof mark?.position === 'number' ? mark.position : 0;
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return firstLine(error);
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] ?? '';
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MiB`
    : `${(bytes / 1024).toFixed(1)} KiB`;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `kubectl kustomize DIR`, or undefined when kubectl is not installed. */
function renderWithKubectl(dir: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    execFile(
      'kubectl',
      ['kustomize', dir],
      { maxBuffer: 256 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') resolve(undefined);
        else if (error) reject(new Error(stderr.trim() || error.message));
        else resolve(stdout);
      },
    );
  });
}

/** Reads every path (files, directories, `-`) into resources and notes, never throwing on bad input. */
export async function loadManifests(
  paths: readonly string[],
  options: ManifestOptions = {},
): Promise<LoadedManifests> {
  const loader = new ManifestLoader(options);
  for (const arg of paths) await loader.loadPath(arg);
  return {
    resources: loader.resources,
    notes: loader.notes,
    inputErrors: loader.inputErrors,
    files: loader.files,
  };
}

/** Reads one in-memory text (tests, the webhook's admission requests): same rules as a file. */
export function loadManifestText(name: string, text: string, options: ManifestOptions = {}): LoadedManifests {
  const loader = new ManifestLoader(options);
  loader.loadText(name, Buffer.from(text), name.endsWith('.json'));
  return {
    resources: loader.resources,
    notes: loader.notes,
    inputErrors: loader.inputErrors,
    files: loader.files,
  };
}
