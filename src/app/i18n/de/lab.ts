// Deutsch: das Angriffslabor und was seine Aktionen sagen. Regel-IDs (bad-pow…) bleiben unübersetzt.
import type { labEn } from '../en/lab';
import type { Translation } from '../types';
import { labAttacksDe } from './lab-attacks';
import { labEclipseDe } from './lab-eclipse';
import { labSelfishDe } from './lab-selfish';
import { labSessionDe } from './lab-session';

export const labDe: Translation<typeof labEn> = {
  ...labAttacksDe,
  ...labEclipseDe,
  ...labSelfishDe,
  'lab.heading': 'Angriffslabor',
  'lab.unavailable':
    'Angriffe laufen nur in einem Labornetz, einem Wegwerfnetz, das eigens dafür gemacht ist, nie in {network}. Öffne ein Labor, indem du {prefix} und einen Namen an die Adresse dieser Seite anhängst (zum Beispiel {example}), in jedem Tab oder auf dem Computer jeder Mitschülerin und jedes Mitschülers.',
  'lab.starting': 'Das Labor startet…',
  'lab.intro': 'Das ist {network}, ein Labornetz: Was du hier tust, geschieht auf echten Peers, und alle Mitglieder sehen es. Nichts hier ist etwas wert.',
  'lab.you': 'du',
  'lab.yes': 'ja',
  'lab.no': 'nein',

  'lab.controls': 'Netzsteuerung',
  'lab.controlsNote': 'Gilt für die eigenen Verbindungen dieses Tabs. Alle im Labor erfahren es.',
  'lab.isolate': 'Mich isolieren (jede Verbindung kappen)',
  'lab.latency': 'Zusätzliche Latenz auf meinen Verbindungen (ms)',
  'lab.latencyHint': 'Jede Nachricht, die dieser Tab sendet, wartet so lange.',
  'lab.applyLatency': 'Latenz anwenden',
  'lab.latencyError': 'Gib ganze Millisekunden von 0 bis {max} ein.',
  'lab.loss': 'Paketverlust auf meinen Verbindungen (%)',
  'lab.lossHint': 'Ein verlorenes Paket wird nach einer Wartezeit erneut gesendet; was danach kommt, wartet.',
  'lab.applyLoss': 'Verlust anwenden',
  'lab.lossError': 'Gib einen Prozentsatz von 0 bis {max} ein.',
  'lab.split': 'Die Klasse in zwei Hälften teilen ({seconds} s)',
  'lab.rejoin': 'Jetzt wieder vereinen',
  'lab.splitState': 'Die Klasse ist geteilt ({name} hat es getan). Du bist in Hälfte {side}; beide Hälften minen weiter, und die Ketten verzweigen sich, bis sie wieder vereint sind.',
  'lab.splitStateMine': 'Die Klasse ist geteilt (du hast es getan). Du bist in Hälfte {side}; beide Hälften minen weiter, und die Ketten verzweigen sich, bis sie wieder vereint sind.',
  'lab.members': 'Was die Mitglieder mit ihren Verbindungen gemacht haben',
  'lab.member': 'Mitglied',
  'lab.isolated': 'Isoliert',
  'lab.latencyColumn': 'Latenz',
  'lab.lossColumn': 'Verlust',

  'lab.tamper': 'Gefälschte Geschichte',
  'lab.tamperNote': 'Ändere einen alten Block (seine Coinbase zahlt dir {coins} Münzen mehr) und sende ihn an jeden Peer. Sieh zu, wie jeder ihn prüft, nach einer Regel ablehnt und den Absender meidet.',
  'lab.height': 'Zu ändernder Block (Höhe)',
  'lab.heightHint': 'Von 1 bis {tip}.',
  'lab.tamperSubmit': 'Ändern und senden',
  'lab.noOldBlock': 'Es gibt noch keinen alten Block: Mine zuerst einen Block ({mine}).',
  'lab.pickBlock': 'Wähle einen Block von 1 bis {tip}.',
  'lab.noPeers': 'Keine Peers, an die er gehen kann: Öffne den Laborlink in einem anderen Tab oder Browser.',
  'lab.tamperCaption': 'Block {height}, gefälscht: {tampered} (Original {original})',
  'lab.peer': 'Peer',
  'lab.received': 'Erhalten',
  'lab.verdict': 'Urteil',
  'lab.shunned': 'Absender gemieden',
  'lab.refused': 'abgelehnt: {rule}',
  'lab.noAnswer': 'keine Antwort',
  'lab.checking': 'prüft…',
  'lab.shunnedAfter': 'ja, nach {ms} ms',

  'lab.log': 'Was geschah',
  'lab.log.isolatedMine': 'Du hast dich von allen Peers abgeschnitten.',
  'lab.log.isolated': '{name} hat sich von allen Peers abgeschnitten.',
  'lab.log.conditionsMine': 'Du hast deine Verbindungen auf {latency} ms zusätzliche Latenz und {loss} % Paketverlust gestellt.',
  'lab.log.conditions': '{name} hat die eigenen Verbindungen auf {latency} ms zusätzliche Latenz und {loss} % Paketverlust gestellt.',
  'lab.log.splitMine': 'Du hast die Klasse für {seconds} s in zwei Hälften geteilt.',
  'lab.log.split': '{name} hat die Klasse für {seconds} s in zwei Hälften geteilt.',
  'lab.log.rejoinMine': 'Du hast die Hälften wieder vereint.',
  'lab.log.rejoin': '{name} hat die Hälften wieder vereint.',
  'lab.log.refused': '{name} hat den gefälschten Block abgelehnt: Regel {rule}.',
  'lab.log.edited': 'Du hast Block {height} geändert: Seine Coinbase zahlt dir jetzt {coins} Münzen mehr. Er geht von einer Wegwerf-Identität aus an jeden Peer.',
  'lab.log.shunned': {
    one: '{shunned} von {count} Peer hat die Verbindung zum Absender geschlossen und meidet ihn. Seine Kette hält weiter den ursprünglichen Block {height}.',
    other: '{shunned} von {count} Peers haben die Verbindung zum Absender geschlossen und meiden ihn. Ihre Ketten halten weiter den ursprünglichen Block {height}.',
  },
  ...labSessionDe,
};
