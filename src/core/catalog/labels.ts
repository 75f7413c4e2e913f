import type { LocalText } from '../text.ts';
import type { Family, Unit } from './schema.ts';

/** Names of catalog families and units as users read them (UI, CLI, documents). */
export const familyLabels: Record<Family, LocalText> = {
  rectifierModule: { zh: '充电模块', en: 'Rectifier modules' },
  dcdcModule: { zh: 'DC/DC 模块', en: 'DC/DC modules' },
  telecomRectifier: { zh: '通信整流模块', en: 'Telecom rectifiers (-48 V)' },
  inverter: { zh: '逆变器 / UPS', en: 'Inverters / UPS' },
  monitor: { zh: '监控装置', en: 'Monitors' },
  insulationMonitor: { zh: '绝缘监测装置', en: 'Insulation monitors' },
  samplingBox: { zh: '采样盒', en: 'Sampling boxes' },
  batteryInspection: { zh: '电池巡检', en: 'Battery inspection units' },
  auxPowerSupply: { zh: '辅助电源', en: 'Auxiliary supplies' },
  battery: { zh: '蓄电池', en: 'Batteries' },
  breaker: { zh: '断路器', en: 'Circuit breakers' },
  fuse: { zh: '熔断器', en: 'Fuses' },
  disconnector: { zh: '隔离开关 / 刀熔开关', en: 'Disconnectors / fuse switches' },
  shunt: { zh: '分流器', en: 'Shunts' },
  dropper: { zh: '降压硅链', en: 'Silicon droppers' },
  meter: { zh: '仪表', en: 'Meters' },
  transducer: { zh: '变送器', en: 'Transducers' },
  contactor: { zh: '接触器 / 双电源切换', en: 'Contactors / ATS' },
  surgeArrester: { zh: '防雷器', en: 'Surge arresters' },
  cable: { zh: '电缆', en: 'Cables' },
  busbar: { zh: '母线排', en: 'Busbars' },
  cabinet: { zh: '屏柜', en: 'Panels / cabinets' },
  sundry: { zh: '辅材', en: 'Sundries' },
};

export const unitLabels: Record<Unit, LocalText> = {
  pcs: { zh: '只', en: 'pcs' },
  set: { zh: '套', en: 'set' },
  panel: { zh: '面', en: 'panel' },
  m: { zh: '米', en: 'm' },
  cell: { zh: '只', en: 'cell' },
  block: { zh: '块', en: 'block' },
  lot: { zh: '批', en: 'lot' },
  kg: { zh: '千克', en: 'kg' },
};
