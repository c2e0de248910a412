// English, the source of keys: the lab's scenario 4, selfish mining (src/ui/lab/LabSelfish.svelte)
// and what its actions say (src/app/lab-selfish-actions.ts). Part of the lab area (en/lab.ts spreads it in).
export const labSelfishEn = {
  'lab.selfish.heading': 'Selfish mining',
  'lab.selfish.note':
    "Mine with real blocks, but keep the blocks you find to yourself and release them only to waste the honest miners' work (Eyal and Sirer's strategy SM1). Classmates mine as usual. With enough of the hash rate, your share of the main chain ends up larger than your share of the hash rate.",
  'lab.selfish.gammaNote':
    'On this network an honest node keeps the block it saw first and fetches only a branch with more work than its own, so a block you reveal to tie a race never wins it: γ = 0, and selfish mining pays only above {threshold} of the hash rate.',
  'lab.selfish.workers': 'Mining workers',
  'lab.selfish.workersHint': 'Your hash share: this tab has {max} cores; classmates mine with theirs.',
  'lab.selfish.workersError': 'Enter a whole number from 1 to {max}.',
  'lab.selfish.start': 'Start mining selfishly',
  'lab.selfish.stop': 'Stop and release',
  'lab.selfish.figures': 'This run, above block {height}',
  'lab.selfish.hashShare': 'Your share of hash rate (your blocks among all blocks found)',
  'lab.selfish.blockShare': 'Your share of main-chain blocks',
  'lab.selfish.theory': 'Eyal–Sirer at that hash share (γ = 0)',
  'lab.selfish.noTheory': 'nothing (their formula holds below half of the hash rate; a majority wins anyway)',
  'lab.selfish.found': 'Blocks found: yours, honest',
  'lab.selfish.withheld': 'Secret now',
  'lab.selfish.withheldValue': '{count} (lead {lead})',
  'lab.selfish.released': 'Your blocks released',
  'lab.selfish.orphaned': 'Honest blocks your releases pushed off the main chain',
  'lab.selfish.main': 'Main chain: yours, all',
  'lab.selfish.rate': 'Your hash rate',
  'lab.selfish.rateValue': '{rate} hashes/s',
  'lab.selfish.rateUnknown': 'measured once the workers report',
  'lab.selfish.none': 'not yet',
  'lab.selfish.percent': '{value}%',
  'lab.selfish.pair': '{a}, {b}',
  'lab.selfish.sweep': "The simulator's sweep: the attacker's share of main-chain blocks ({runs} runs of {blocks} blocks at each point, seed {seed})",
  'lab.selfish.alpha': 'Hash share α',
  'lab.selfish.simulated': 'Simulated, γ = {gamma}',
  'lab.selfish.theoryColumn': 'Eyal–Sirer, γ = {gamma}',
  'lab.selfish.nearest': '(closest to your run)',
  'lab.selfish.resultMore': 'With {alpha} of the hash rate you got {share} of the main chain: more than honest mining pays. Eyal–Sirer predicts {theory}.',
  'lab.selfish.resultLess': 'With {alpha} of the hash rate you got {share} of the main chain: no more than honest mining pays. Eyal–Sirer predicts {theory}; below {threshold} of the hash rate, selfish mining costs the attacker.',
  'lab.selfish.resultChance': {
    one: 'Over {count} block chance weighs heavily: the simulator, over thousands of blocks, follows the curve.',
    other: 'Over {count} blocks chance weighs heavily: the simulator, over thousands of blocks, follows the curve.',
  },
  'lab.selfish.resultEmpty': 'No block above block {height} yet: nothing to compare.',
  'lab.selfish.log.started': {
    one: 'You copied the public chain up to block {height} into a private chain of your own, and mine on it with {count} worker.',
    other: 'You copied the public chain up to block {height} into a private chain of your own, and mine on it with {count} workers.',
  },
  'lab.selfish.log.withheld': {
    one: 'You found a block and kept it secret: {count} block withheld, {lead} ahead of the public chain.',
    other: 'You found a block and kept it secret: {count} blocks withheld, {lead} ahead of the public chain.',
  },
  'lab.selfish.log.race':
    'An honest block made the public chain as long as your secret one (block {height}): you revealed yours, but honest nodes keep the block they saw first.',
  'lab.selfish.log.match': {
    one: 'An honest block arrived: you revealed {count} block at its height and still lead by {lead}.',
    other: 'An honest block arrived: you revealed {count} blocks up to its height and still lead by {lead}.',
  },
  'lab.selfish.log.win': {
    one: 'You released {count} secret block: it has more work than the public chain, so every honest node reorganises onto it (tip {height}).',
    other: 'You released {count} secret blocks: they have more work than the public chain, so every honest node reorganises onto them (tip {height}).',
  },
  'lab.selfish.log.adopt': 'The public chain reached block {height} ahead of you: you keep no secret block and mine on its tip.',
  'lab.selfish.log.stopped': {
    one: 'You stopped: {mine} of the {count} block on the main chain above block {height} is yours.',
    other: 'You stopped: {mine} of the {count} blocks on the main chain above block {height} are yours.',
  },
  'lab.selfish.log.failed': 'The run stopped: {error}',
} as const;
