// A Stryker ignorer (stryker.config.mjs): the text of an error is not a rule. Mutating the message
// of `new VerifyError('bad-cb-amount', `coinbase pays ${x}`)` or `new CodecError('too short')`
// only changes what a log says; the rule ID, the condition that throws and the error's class are
// still mutated and must be killed. Ignored mutants are reported as such (status Ignored, with this
// reason), not counted as killed, so the score never rises for them.
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

/** Error classes whose first argument is a stable code (a test pins it); later arguments are text. */
const CODE_FIRST = /^(VerifyError|[A-Z]\w*Error)$/;
const MESSAGE_ONLY = new Set(['CodecError', 'FrameError', 'Error', 'RangeError', 'TypeError', 'NotALabError']);

function isMessageArgument(path) {
  const parent = path.parentPath;
  if (!parent?.isNewExpression() || !parent.node.callee || parent.node.callee.type !== 'Identifier') return false;
  const name = parent.node.callee.name;
  if (!CODE_FIRST.test(name)) return false;
  const index = parent.node.arguments.indexOf(path.node);
  if (index < 0) return false;
  return MESSAGE_ONLY.has(name) ? index === 0 : index === 1;
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'error-messages', {
    shouldIgnore(path) {
      if ((path.isStringLiteral() || path.isTemplateLiteral()) && isMessageArgument(path)) return 'an error message: text for logs, not a rule';
      return undefined;
    },
  }),
];
