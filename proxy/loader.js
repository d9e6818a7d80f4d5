// Loads an action's code (text, zip or tar.gz) and returns its entry-point function, as the stock runtime does.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { extractArchive } = require('./archive');
const { evaluateActionCode } = require('./evaluate');

const PROJECT_NODE_MODULES = path.resolve(__dirname, '..', 'node_modules');

/**
 * Splits `main` of an archive action: "a.b.c" means require(dir/a).b.c, "f" means require(dir).f.
 * Returns [moduleName or undefined, propertyPath] or undefined when `main` has no usable form.
 */
function splitMainHandler(main) {
  const m = /^([^.]+)$|^([^.]+)\.(.+)$/.exec(main);
  if (!m) return undefined;
  return [m[2], m[3] || m[1]];
}

function assertMainIsFunction(handler, name) {
  // A string, not an Error: the stock runtime rejects with this exact text and no stack.
  if (typeof handler !== 'function') throw `Action entrypoint '${name}' is not a function.`;
  return handler;
}

/**
 * Workspace for archive actions: <tmp>/containerless-XXXX/ holding `action/` (the extracted code)
 * and `node_modules`, a link to the runtime's packages. Node's module lookup walks up from the
 * action's files, so a zip action can `require('openwhisk')` without bundling it, as in the stock
 * image where actions are extracted below the runtime's own directory.
 */
function makeWorkspace(tmpRoot) {
  const root = fs.mkdtempSync(path.join(tmpRoot, 'containerless-'));
  if (fs.existsSync(PROJECT_NODE_MODULES)) {
    fs.symlinkSync(PROJECT_NODE_MODULES, path.join(root, 'node_modules'), 'dir');
  }
  return root;
}

async function loadArchiveAction(message, tmpRoot) {
  const workspace = makeWorkspace(tmpRoot);
  const previousCwd = process.cwd();
  try {
    const moduleDir = await extractArchive(message.code, path.join(workspace, 'action'));
    const parts = splitMainHandler(message.main);
    if (parts === undefined) throw 'Name of main function is not valid.';
    const [index, mainPath] = parts;

    process.chdir(moduleDir);
    if (index === undefined && !fs.existsSync('package.json') && !fs.existsSync('index.js')) {
      throw 'Zipped actions must contain either package.json or index.js at the root.';
    }
    const target = index !== undefined ? path.join(moduleDir, index) : moduleDir;
    let handler = require(target);
    for (const key of mainPath.split('.')) handler = handler == null ? undefined : handler[key];
    return { main: assertMainIsFunction(handler, message.main), workspace };
  } catch (error) {
    // Only a successful load hands the workspace to the service, whose cleanup() removes it at
    // exit: a failed archive /init used to leave its temporary directory behind for good.
    process.chdir(previousCwd);
    fs.rmSync(workspace, { recursive: true, force: true });
    throw error;
  }
}

function loadTextAction(message) {
  const filename = path.join(process.cwd(), 'action.js');
  const actionModule = { exports: {}, id: '.', filename, loaded: false, children: [], paths: [] };
  // Resolves like a module of the runtime: built-ins and the preinstalled packages.
  const actionRequire = Module.createRequire(path.join(PROJECT_NODE_MODULES, '..', 'action.js'));
  const handler = evaluateActionCode(
    message.code,
    message.main,
    actionModule,
    actionModule.exports,
    actionRequire,
    filename,
    process.cwd()
  );
  return { main: assertMainIsFunction(handler, message.main), workspace: undefined };
}

/**
 * Loads the action described by an /init `value` ({code, main, binary}); resolves to
 * {main, workspace}. Rejects with what the stock runtime rejects with: an Error, or a message string.
 */
async function loadAction(message, { tmpRoot }) {
  if (message.binary) return loadArchiveAction(message, tmpRoot);
  return loadTextAction(message);
}

module.exports = { loadAction, splitMainHandler };
