// Español: el escenario 4 del laboratorio, la minería egoísta.
import type { labSelfishEn } from '../en/lab-selfish';
import type { Translation } from '../types';

export const labSelfishEs: Translation<typeof labSelfishEn> = {
  'lab.selfish.heading': 'Minería egoísta',
  'lab.selfish.note':
    'Mina con bloques reales, pero guarda para ti los bloques que encuentres y publícalos solo para desperdiciar el trabajo de los mineros honestos (la estrategia SM1 de Eyal y Sirer). Tus compañeros minan como siempre. Con bastante potencia de cálculo, tu parte de la cadena principal acaba siendo mayor que tu parte de la potencia.',
  'lab.selfish.gammaNote':
    'En esta red un nodo honesto se queda con el bloque que vio primero y solo descarga una rama con más trabajo que la suya, así que un bloque que revelas para empatar una carrera nunca la gana: γ = 0, y la minería egoísta solo compensa por encima de {threshold} de la potencia.',
  'lab.selfish.workers': 'Procesos de minería',
  'lab.selfish.workersHint': 'Tu parte de la potencia: esta pestaña tiene {max} núcleos; tus compañeros minan con los suyos.',
  'lab.selfish.workersError': 'Escribe un número entero de 1 a {max}.',
  'lab.selfish.start': 'Empezar a minar de forma egoísta',
  'lab.selfish.stop': 'Parar y publicar',
  'lab.selfish.figures': 'Esta partida, por encima del bloque {height}',
  'lab.selfish.hashShare': 'Tu parte de la potencia (tus bloques entre todos los encontrados)',
  'lab.selfish.blockShare': 'Tu parte de los bloques de la cadena principal',
  'lab.selfish.theory': 'Eyal–Sirer con esa parte de la potencia (γ = 0)',
  'lab.selfish.noTheory': 'nada (su fórmula vale por debajo de la mitad de la potencia; una mayoría gana de todos modos)',
  'lab.selfish.found': 'Bloques encontrados: tuyos, honestos',
  'lab.selfish.withheld': 'Secretos ahora',
  'lab.selfish.withheldValue': '{count} (ventaja {lead})',
  'lab.selfish.released': 'Tus bloques publicados',
  'lab.selfish.orphaned': 'Bloques honestos que tus publicaciones sacaron de la cadena principal',
  'lab.selfish.main': 'Cadena principal: tuyos, todos',
  'lab.selfish.rate': 'Tu potencia',
  'lab.selfish.rateValue': '{rate} hashes por segundo',
  'lab.selfish.rateUnknown': 'se mide cuando los procesos informan',
  'lab.selfish.none': 'aún no',
  'lab.selfish.percent': '{value} %',
  'lab.selfish.pair': '{a}, {b}',
  'lab.selfish.sweep': 'El barrido del simulador: la parte del atacante en los bloques de la cadena principal ({runs} partidas de {blocks} bloques en cada punto, semilla {seed})',
  'lab.selfish.alpha': 'Parte de la potencia α',
  'lab.selfish.simulated': 'Simulado, γ = {gamma}',
  'lab.selfish.theoryColumn': 'Eyal y Sirer, γ = {gamma}',
  'lab.selfish.nearest': '(la más cercana a tu partida)',
  'lab.selfish.resultMore': 'Con {alpha} de la potencia obtuviste {share} de la cadena principal: más de lo que da minar honestamente. Eyal–Sirer predice {theory}.',
  'lab.selfish.resultLess':
    'Con {alpha} de la potencia obtuviste {share} de la cadena principal: no más de lo que da minar honestamente. Eyal–Sirer predice {theory}; por debajo de {threshold} de la potencia, la minería egoísta le cuesta al atacante.',
  'lab.selfish.resultChance': {
    one: 'En {count} bloque el azar pesa mucho: el simulador, en miles de bloques, sigue la curva.',
    other: 'En {count} bloques el azar pesa mucho: el simulador, en miles de bloques, sigue la curva.',
  },
  'lab.selfish.resultEmpty': 'Aún no hay ningún bloque por encima del bloque {height}: nada que comparar.',
  'lab.selfish.log.started': {
    one: 'Copiaste la cadena pública hasta el bloque {height} en una cadena privada tuya, y minas sobre ella con {count} proceso.',
    other: 'Copiaste la cadena pública hasta el bloque {height} en una cadena privada tuya, y minas sobre ella con {count} procesos.',
  },
  'lab.selfish.log.withheld': {
    one: 'Encontraste un bloque y lo guardaste en secreto: {count} bloque retenido, {lead} por delante de la cadena pública.',
    other: 'Encontraste un bloque y lo guardaste en secreto: {count} bloques retenidos, {lead} por delante de la cadena pública.',
  },
  'lab.selfish.log.race':
    'Un bloque honesto igualó la cadena pública con tu cadena secreta (bloque {height}): revelaste el tuyo, pero los nodos honestos se quedan con el bloque que vieron primero.',
  'lab.selfish.log.match': {
    one: 'Llegó un bloque honesto: revelaste {count} bloque a su altura y sigues {lead} por delante.',
    other: 'Llegó un bloque honesto: revelaste {count} bloques hasta su altura y sigues {lead} por delante.',
  },
  'lab.selfish.log.win': {
    one: 'Publicaste {count} bloque secreto: tiene más trabajo que la cadena pública, así que todos los nodos honestos se reorganizan sobre él (cima {height}).',
    other: 'Publicaste {count} bloques secretos: tienen más trabajo que la cadena pública, así que todos los nodos honestos se reorganizan sobre ellos (cima {height}).',
  },
  'lab.selfish.log.adopt': 'La cadena pública llegó al bloque {height} por delante de ti: no guardas ningún bloque secreto y minas sobre su cima.',
  'lab.selfish.log.stopped': {
    one: 'Paraste: {mine} del {count} bloque de la cadena principal por encima del bloque {height} es tuyo.',
    other: 'Paraste: {mine} de los {count} bloques de la cadena principal por encima del bloque {height} son tuyos.',
  },
  'lab.selfish.log.failed': 'La partida se detuvo: {error}',
};
