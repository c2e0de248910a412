// Español: la invitación al laboratorio y el escenario 5, el intento de eclipse.
import type { labEclipseEn } from '../en/lab-eclipse';
import type { Translation } from '../types';

export const labEclipseEs: Translation<typeof labEclipseEn> = {
  'lab.invite': 'Invitar a este laboratorio',
  'lab.inviteNote': 'Abrir este enlace (o escanear el código) une a {network} en esta página.',
  'lab.copyInvite': 'Copiar la invitación',
  'lab.inviteQr': 'Código QR de la invitación a {network}',

  'lab.eclipse.heading': 'Intento de eclipse',
  'lab.eclipse.note':
    'Muchas identidades desechables, cada una con una clave de nodo nueva, rodean a un par: llenan sus huecos de entrada, lo inundan con sus propias direcciones y esperan a que las marque, para que todos sus pares sean el atacante. La víctima ve abajo sus defensas.',
  'lab.eclipse.victim': 'Víctima',
  'lab.eclipse.count': 'Identidades del atacante',
  'lab.eclipse.countHint': 'Cada una abre su propia conexión con el servidor de señalización.',
  'lab.eclipse.countError': 'Escribe un número entero de 1 a {max}.',
  'lab.eclipse.noVictim': 'Elige un par conectado al que rodear.',
  'lab.eclipse.noPeers': 'Aún no hay ningún par al que rodear: abre otra pestaña en este laboratorio.',
  'lab.eclipse.start': 'Rodearlo',
  'lab.eclipse.stop': 'Detener el intento',
  'lab.eclipse.attack': 'Tu intento contra {name}',
  'lab.eclipse.identities': 'Identidades',
  'lab.eclipse.heldInbound': 'Sus huecos de entrada que ocupas',
  'lab.eclipse.heldOutbound': 'Sus huecos de salida que ocupas (te marcó)',
  'lab.eclipse.dropped': 'Enlaces que cortó',
  'lab.eclipse.addrSent': 'Direcciones enviadas',
  'lab.eclipse.defences': 'Las defensas de esta pestaña',
  'lab.eclipse.slot': 'Huecos',
  'lab.eclipse.honest': 'Honestos',
  'lab.eclipse.attacker': 'Atacante',
  'lab.eclipse.outbound': 'Pares de salida (los eligió él)',
  'lab.eclipse.anchors': 'Anclas (se marcan primero tras reiniciar, como mucho {max})',
  'lab.eclipse.inbound': 'Pares de entrada (vinieron a él)',
  'lab.eclipse.evicted': 'Expulsados para hacer sitio',
  'lab.eclipse.evictedUnidentified': 'Otros {count} fueron expulsados antes de que su saludo inicial dijera quiénes eran.',
  'lab.eclipse.defencesNote':
    'Los huecos de salida se reparten según cómo se encontró a cada par, y {reserved} de ellos solo los llenan las anclas y los identificadores de encuentro conocidos, a los que una inundación de direcciones no llega. Cuando se acaban los huecos de entrada, se conservan los pares más rápidos, los que trajeron bloques nuevos y los que llevan más tiempo conectados.',
  'lab.eclipse.known': 'Pares conocidos: {attacker} de {total} son el atacante ({tried} de ellos alcanzados). Grupos de origen por los que llegaron: {groups}; cada uno se limita a {max} entradas de la tabla como mucho.',
  'lab.eclipse.watching': 'Ningún atacante ha llegado a esta pestaña.',
  'lab.eclipse.held': 'Resiste: {honest} de tus {total} pares de salida son honestos.',
  'lab.eclipse.heldAny': 'Resiste: aún tienes {honest} pares honestos.',
  'lab.eclipse.eclipsed': 'Eclipsado: ninguno de tus pares es honesto.',
  'lab.eclipse.without': 'Sin las defensas (simulador)',
  'lab.eclipse.withoutNote':
    'El mismo ataque en el simulador, sobre {peers} pares honestos durante {seconds} segundos simulados y con un reinicio de la víctima: la proporción de víctimas que en algún momento perdieron todos sus pares de salida honestos.',
  'lab.eclipse.keys': 'Claves del atacante',
  'lab.eclipse.on': 'Con defensas',
  'lab.eclipse.off': 'Sin defensas',
  'lab.eclipse.share': '{eclipsed} de {victims} víctimas',
  'lab.eclipse.chart': 'Víctimas eclipsadas según las claves del atacante, con y sin defensas',
};
