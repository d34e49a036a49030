import type { CliCommand } from "../command.js";
import { approveCommand } from "./approve.js";
import { auditCommand } from "./audit.js";
import { complianceCommand } from "./compliance.js";
import { confirmCommand } from "./confirm.js";
import { disclosureCommand } from "./disclosure.js";
import { dispatchCommand } from "./dispatch.js";
import { draftCommand } from "./draft.js";
import { evidenceCommand } from "./evidence.js";
import { expireCommand } from "./expire.js";
import { exportCommand } from "./export.js";
import { holdCommand } from "./hold.js";
import { importCommand } from "./import.js";
import { mirrorsCommand } from "./mirrors.js";
import { overdueCommand } from "./overdue.js";
import { publishedCommand } from "./published.js";
import { reconcileCommand } from "./reconcile.js";
import { repliesCommand } from "./replies.js";
import { sandboxCommand } from "./sandbox.js";
import { syncCommand } from "./sync.js";
import { transparencyCommand } from "./transparency.js";
import { verifyCommand } from "./verify.js";

/**
 * Every subcommand, in the order `--help` lists them: the day's workflow first. A new command is one
 * `defineCommand` in its own file here, added to this list (docs/cli.md, "Adding a command").
 */
export const COMMANDS: readonly CliCommand[] = [
  draftCommand,
  approveCommand,
  dispatchCommand,
  syncCommand,
  expireCommand,
  confirmCommand,
  repliesCommand,
  overdueCommand,
  verifyCommand,
  evidenceCommand,
  complianceCommand,
  disclosureCommand,
  transparencyCommand,
  exportCommand,
  auditCommand,
  holdCommand,
  publishedCommand,
  reconcileCommand,
  importCommand,
  mirrorsCommand,
  sandboxCommand,
];
