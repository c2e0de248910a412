// Deutsch: Szenario 4 des Labors, egoistisches Mining.
import type { labSelfishEn } from '../en/lab-selfish';
import type { Translation } from '../types';

export const labSelfishDe: Translation<typeof labSelfishEn> = {
  'lab.selfish.heading': 'Egoistisches Mining',
  'lab.selfish.note':
    'Mine mit echten Blöcken, aber behalte gefundene Blöcke für dich und gib sie nur frei, um die Arbeit der ehrlichen Miner zu verschwenden (die Strategie SM1 von Eyal und Sirer). Die anderen minen wie gewohnt. Mit genug Rechenleistung wird dein Anteil an der Hauptkette größer als dein Anteil an der Rechenleistung.',
  'lab.selfish.gammaNote':
    'In diesem Netz behält ein ehrlicher Knoten den Block, den er zuerst gesehen hat, und lädt nur einen Zweig mit mehr Arbeit als seinem eigenen, also gewinnt ein Block, den du für einen Gleichstand aufdeckst, das Rennen nie: γ = 0, und egoistisches Mining lohnt sich erst ab {threshold} der Rechenleistung.',
  'lab.selfish.workers': 'Mining-Worker',
  'lab.selfish.workersHint': 'Dein Anteil an der Rechenleistung: dieser Tab hat {max} Kerne; die anderen minen mit ihren.',
  'lab.selfish.workersError': 'Gib eine ganze Zahl von 1 bis {max} ein.',
  'lab.selfish.start': 'Egoistisch minen',
  'lab.selfish.stop': 'Anhalten und freigeben',
  'lab.selfish.figures': 'Dieser Lauf, oberhalb von Block {height}',
  'lab.selfish.hashShare': 'Dein Anteil an der Rechenleistung (deine Blöcke unter allen gefundenen)',
  'lab.selfish.blockShare': 'Dein Anteil an den Blöcken der Hauptkette',
  'lab.selfish.theory': 'Eyal–Sirer bei diesem Anteil (γ = 0)',
  'lab.selfish.noTheory': 'nichts (ihre Formel gilt unter der Hälfte der Rechenleistung; eine Mehrheit gewinnt ohnehin)',
  'lab.selfish.found': 'Gefundene Blöcke: deine, ehrliche',
  'lab.selfish.withheld': 'Jetzt geheim',
  'lab.selfish.withheldValue': '{count} (Vorsprung {lead})',
  'lab.selfish.released': 'Deine freigegebenen Blöcke',
  'lab.selfish.orphaned': 'Ehrliche Blöcke, die deine Freigaben aus der Hauptkette verdrängt haben',
  'lab.selfish.main': 'Hauptkette: deine, alle',
  'lab.selfish.rate': 'Deine Rechenleistung',
  'lab.selfish.rateValue': '{rate} Hashes/s',
  'lab.selfish.rateUnknown': 'gemessen, sobald die Worker berichten',
  'lab.selfish.none': 'noch nicht',
  'lab.selfish.percent': '{value} %',
  'lab.selfish.pair': '{a}, {b}',
  'lab.selfish.sweep': 'Der Durchlauf des Simulators: der Anteil des Angreifers an den Blöcken der Hauptkette ({runs} Läufe mit je {blocks} Blöcken pro Punkt, Seed {seed})',
  'lab.selfish.alpha': 'Anteil an der Rechenleistung α',
  'lab.selfish.simulated': 'Simuliert, γ = {gamma}',
  'lab.selfish.theoryColumn': 'Eyal und Sirer, γ = {gamma}',
  'lab.selfish.nearest': '(am nächsten an deinem Lauf)',
  'lab.selfish.resultMore': 'Mit {alpha} der Rechenleistung hast du {share} der Hauptkette bekommen: mehr, als ehrliches Mining bringt. Eyal–Sirer sagt {theory} voraus.',
  'lab.selfish.resultLess':
    'Mit {alpha} der Rechenleistung hast du {share} der Hauptkette bekommen: nicht mehr, als ehrliches Mining bringt. Eyal–Sirer sagt {theory} voraus; unter {threshold} der Rechenleistung kostet egoistisches Mining den Angreifer.',
  'lab.selfish.resultChance': {
    one: 'Bei {count} Block spielt der Zufall eine große Rolle: der Simulator folgt über Tausende von Blöcken der Kurve.',
    other: 'Bei {count} Blöcken spielt der Zufall eine große Rolle: der Simulator folgt über Tausende von Blöcken der Kurve.',
  },
  'lab.selfish.resultEmpty': 'Noch kein Block oberhalb von Block {height}: nichts zu vergleichen.',
  'lab.selfish.log.started': {
    one: 'Du hast die öffentliche Kette bis Block {height} in eine eigene private Kette kopiert und minst darauf mit {count} Worker.',
    other: 'Du hast die öffentliche Kette bis Block {height} in eine eigene private Kette kopiert und minst darauf mit {count} Workern.',
  },
  'lab.selfish.log.withheld': {
    one: 'Du hast einen Block gefunden und geheim gehalten: {count} Block zurückgehalten, {lead} vor der öffentlichen Kette.',
    other: 'Du hast einen Block gefunden und geheim gehalten: {count} Blöcke zurückgehalten, {lead} vor der öffentlichen Kette.',
  },
  'lab.selfish.log.race':
    'Ein ehrlicher Block hat die öffentliche Kette so lang wie deine geheime gemacht (Block {height}): du hast deinen aufgedeckt, aber ehrliche Knoten behalten den Block, den sie zuerst gesehen haben.',
  'lab.selfish.log.match': {
    one: 'Ein ehrlicher Block kam an: du hast {count} Block auf seiner Höhe aufgedeckt und liegst weiter {lead} vorn.',
    other: 'Ein ehrlicher Block kam an: du hast {count} Blöcke bis zu seiner Höhe aufgedeckt und liegst weiter {lead} vorn.',
  },
  'lab.selfish.log.win': {
    one: 'Du hast {count} geheimen Block freigegeben: er hat mehr Arbeit als die öffentliche Kette, also reorganisiert sich jeder ehrliche Knoten auf ihn (Spitze {height}).',
    other: 'Du hast {count} geheime Blöcke freigegeben: sie haben mehr Arbeit als die öffentliche Kette, also reorganisiert sich jeder ehrliche Knoten auf sie (Spitze {height}).',
  },
  'lab.selfish.log.adopt': 'Die öffentliche Kette hat Block {height} vor dir erreicht: du behältst keinen geheimen Block und minst auf ihrer Spitze.',
  'lab.selfish.log.stopped': {
    one: 'Du hast angehalten: {mine} von {count} Block der Hauptkette oberhalb von Block {height} ist deiner.',
    other: 'Du hast angehalten: {mine} von {count} Blöcken der Hauptkette oberhalb von Block {height} sind deine.',
  },
  'lab.selfish.log.failed': 'Der Lauf wurde beendet: {error}',
};
