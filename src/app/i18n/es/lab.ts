// Español: el laboratorio de ataques y lo que dicen sus acciones. Los ID de regla (bad-pow…) no se traducen.
import type { labEn } from '../en/lab';
import type { Translation } from '../types';
import { labAttacksEs } from './lab-attacks';
import { labEclipseEs } from './lab-eclipse';
import { labSelfishEs } from './lab-selfish';
import { labSessionEs } from './lab-session';

export const labEs: Translation<typeof labEn> = {
  ...labAttacksEs,
  ...labEclipseEs,
  ...labSelfishEs,
  'lab.heading': 'Laboratorio de ataques',
  'lab.unavailable':
    'Los ataques solo se ejecutan en una red de laboratorio, una red desechable hecha para ellos, nunca en {network}. Abre un laboratorio añadiendo {prefix} y un nombre a la dirección de esta página (por ejemplo {example}) en cada pestaña o en el ordenador de cada compañero.',
  'lab.starting': 'Iniciando el laboratorio…',
  'lab.intro': 'Esta es {network}, una red de laboratorio: lo que hagas aquí ocurre en pares reales y todos los miembros lo ven. Nada de aquí vale nada.',
  'lab.you': 'tú',
  'lab.yes': 'sí',
  'lab.no': 'no',

  'lab.controls': 'Controles de red',
  'lab.controlsNote': 'Se aplican en las conexiones propias de esta pestaña. Se avisa a todos en el laboratorio.',
  'lab.isolate': 'Aislarme (cortar todos los enlaces)',
  'lab.latency': 'Latencia añadida en mis enlaces (ms)',
  'lab.latencyHint': 'Cada mensaje que envía esta pestaña espera este tiempo.',
  'lab.applyLatency': 'Aplicar latencia',
  'lab.latencyError': 'Escribe milisegundos enteros de 0 a {max}.',
  'lab.loss': 'Pérdida de paquetes en mis enlaces (%)',
  'lab.lossHint': 'Un paquete perdido se reenvía tras un tiempo de espera; lo que viene detrás espera.',
  'lab.applyLoss': 'Aplicar pérdida',
  'lab.lossError': 'Escribe un porcentaje de 0 a {max}.',
  'lab.split': 'Dividir la clase en dos ({seconds} s)',
  'lab.rejoin': 'Reunir ahora',
  'lab.splitState': 'La clase está dividida (lo hizo {name}). Estás en la mitad {side}; las dos mitades siguen minando y las cadenas se bifurcan hasta que se reúnan.',
  'lab.splitStateMine': 'La clase está dividida (lo hiciste tú). Estás en la mitad {side}; las dos mitades siguen minando y las cadenas se bifurcan hasta que se reúnan.',
  'lab.members': 'Lo que los miembros hicieron con sus enlaces',
  'lab.member': 'Miembro',
  'lab.isolated': 'Aislado',
  'lab.latencyColumn': 'Latencia',
  'lab.lossColumn': 'Pérdida',

  'lab.tamper': 'Historial manipulado',
  'lab.tamperNote': 'Edita un bloque antiguo (su coinbase te pagará {coins} monedas más) y envíalo a cada par. Mira cómo cada uno lo comprueba, lo rechaza por una regla y rehúye al remitente.',
  'lab.height': 'Bloque que editar (altura)',
  'lab.heightHint': 'De 1 a {tip}.',
  'lab.tamperSubmit': 'Editar y enviar',
  'lab.noOldBlock': 'Aún no hay ningún bloque antiguo: mina primero un bloque ({mine}).',
  'lab.pickBlock': 'Elige un bloque de 1 a {tip}.',
  'lab.noPeers': 'No hay pares a los que enviarlo: abre el enlace del laboratorio en otra pestaña o en otro navegador.',
  'lab.tamperCaption': 'Bloque {height}, manipulado: {tampered} (original {original})',
  'lab.peer': 'Par',
  'lab.received': 'Lo recibió',
  'lab.verdict': 'Veredicto',
  'lab.shunned': 'Remitente rehuido',
  'lab.refused': 'rechazado: {rule}',
  'lab.noAnswer': 'sin respuesta',
  'lab.checking': 'comprobando…',
  'lab.shunnedAfter': 'sí, tras {ms} ms',

  'lab.log': 'Qué pasó',
  'lab.log.isolatedMine': 'Te aislaste de todos los pares.',
  'lab.log.isolated': '{name} se aisló de todos los pares.',
  'lab.log.conditionsMine': 'Pusiste en tus enlaces {latency} ms de latencia añadida y {loss} % de pérdida de paquetes.',
  'lab.log.conditions': '{name} puso en sus enlaces {latency} ms de latencia añadida y {loss} % de pérdida de paquetes.',
  'lab.log.splitMine': 'Dividiste la clase en dos mitades durante {seconds} s.',
  'lab.log.split': '{name} dividió la clase en dos mitades durante {seconds} s.',
  'lab.log.rejoinMine': 'Reuniste las dos mitades.',
  'lab.log.rejoin': '{name} reunió las dos mitades.',
  'lab.log.refused': '{name} rechazó el bloque manipulado: regla {rule}.',
  'lab.log.edited': 'Editaste el bloque {height}: ahora su coinbase te paga {coins} monedas más. Enviándolo a cada par desde una identidad desechable.',
  'lab.log.shunned': {
    one: '{shunned} de {count} par cerró el enlace con el remitente y lo rehuyó. Su cadena sigue guardando el bloque {height} original.',
    other: '{shunned} de {count} pares cerraron el enlace con el remitente y lo rehuyeron. Sus cadenas siguen guardando el bloque {height} original.',
  },
  ...labSessionEs,
};
