// Deutsch: die Einladung ins Labor und Szenario 5, der Eclipse-Versuch.
import type { labEclipseEn } from '../en/lab-eclipse';
import type { Translation } from '../types';

export const labEclipseDe: Translation<typeof labEclipseEn> = {
  'lab.invite': 'Zu diesem Labor einladen',
  'lab.inviteNote': 'Wer diesen Link öffnet (oder den Code scannt), tritt {network} auf dieser Seite bei.',
  'lab.copyInvite': 'Einladung kopieren',
  'lab.inviteQr': 'QR-Code der Einladung zu {network}',

  'lab.eclipse.heading': 'Eclipse-Versuch',
  'lab.eclipse.note':
    'Viele Wegwerf-Identitäten, jede mit einem neuen Knotenschlüssel, umzingeln einen Peer: Sie belegen seine eingehenden Plätze, überschwemmen ihn mit ihren eigenen Adressen und warten darauf, angewählt zu werden, damit jeder seiner Peers der Angreifer ist. Das Opfer sieht unten seine Abwehr.',
  'lab.eclipse.victim': 'Opfer',
  'lab.eclipse.count': 'Identitäten des Angreifers',
  'lab.eclipse.countHint': 'Jede baut ihre eigene Verbindung zum Signalisierungsserver auf.',
  'lab.eclipse.countError': 'Gib eine ganze Zahl von 1 bis {max} ein.',
  'lab.eclipse.noVictim': 'Wähle einen verbundenen Peer, den du umzingeln willst.',
  'lab.eclipse.noPeers': 'Noch kein Peer zum Umzingeln: Öffne einen weiteren Tab in diesem Labor.',
  'lab.eclipse.start': 'Umzingeln',
  'lab.eclipse.stop': 'Versuch beenden',
  'lab.eclipse.attack': 'Dein Versuch gegen {name}',
  'lab.eclipse.identities': 'Identitäten',
  'lab.eclipse.heldInbound': 'Seine eingehenden Plätze, die du belegst',
  'lab.eclipse.heldOutbound': 'Seine ausgehenden Plätze, die du belegst (er hat dich angewählt)',
  'lab.eclipse.dropped': 'Verbindungen, die er getrennt hat',
  'lab.eclipse.addrSent': 'Gesendete Adressen',
  'lab.eclipse.defences': 'Die Abwehr dieses Tabs',
  'lab.eclipse.slot': 'Plätze',
  'lab.eclipse.honest': 'Ehrlich',
  'lab.eclipse.attacker': 'Angreifer',
  'lab.eclipse.outbound': 'Ausgehende Peers (er hat sie gewählt)',
  'lab.eclipse.anchors': 'Anker (nach einem Neustart zuerst angewählt, höchstens {max})',
  'lab.eclipse.inbound': 'Eingehende Peers (sie kamen zu ihm)',
  'lab.eclipse.evicted': 'Verdrängt, um Platz zu schaffen',
  'lab.eclipse.evictedUnidentified': '{count} weitere wurden verdrängt, bevor ihr Handshake verriet, wer sie sind.',
  'lab.eclipse.defencesNote':
    'Ausgehende Plätze werden danach verteilt, wie ein Peer gefunden wurde, und {reserved} davon füllen nur Anker und die bekannten Treffpunkt-IDs, die eine Adressflut nicht erreicht. Gehen die eingehenden Plätze aus, bleiben die schnellsten Peers, die, die neue Blöcke brachten, und die am längsten verbundenen.',
  'lab.eclipse.known': 'Bekannte Peers: {attacker} von {total} sind der Angreifer ({tried} davon erreicht). Quellgruppen, über die sie kamen: {groups}; jede ist auf höchstens {max} Tabelleneinträge begrenzt.',
  'lab.eclipse.watching': 'Kein Angreifer hat diesen Tab erreicht.',
  'lab.eclipse.held': 'Gehalten: {honest} deiner {total} ausgehenden Peers sind ehrlich.',
  'lab.eclipse.heldAny': 'Gehalten: Du hast noch {honest} ehrliche Peers.',
  'lab.eclipse.eclipsed': 'Verfinstert: Keiner deiner Peers ist ehrlich.',
  'lab.eclipse.without': 'Ohne die Abwehr (Simulator)',
  'lab.eclipse.withoutNote':
    'Derselbe Angriff im Simulator, auf {peers} ehrliche Peers über {seconds} simulierte Sekunden mit einem Neustart des Opfers: der Anteil der Opfer, die irgendwann jeden ehrlichen ausgehenden Peer verloren.',
  'lab.eclipse.keys': 'Schlüssel des Angreifers',
  'lab.eclipse.on': 'Mit Abwehr',
  'lab.eclipse.off': 'Ohne Abwehr',
  'lab.eclipse.share': '{eclipsed} von {victims} Opfern',
  'lab.eclipse.chart': 'Verfinsterte Opfer nach Schlüsseln des Angreifers, mit und ohne Abwehr',
};
