import * as bom from './screens/bom.ts';
import * as exports from './screens/exports.ts';
import * as pricing from './screens/pricing.ts';
import * as projects from './screens/projects.ts';
import * as requirements from './screens/requirements.ts';
import * as review from './screens/review.ts';
import * as revisions from './screens/revisions.ts';
import * as tender from './screens/tender.ts';
import * as sizing from './screens/sizing.ts';

/**
 * Every string the app shows, in Chinese (default) and English. Keys are grouped by screen.
 * The English dictionary is typed against the Chinese one, so a missing translation is a type error.
 * Each workflow screen keeps its texts in ./screens/<screen>.ts.
 */
export const zh = {
  app: {
    title: '直流电源配置报价',
    subtitle: 'DL/T 5044-2014 配置 · 成本核算 · 报价',
    language: 'English',
    loading: '正在加载…',
    undo: '撤销',
    redo: '重做',
    noProject: '未打开项目',
    saveFailed: '保存失败：',
    staleResults: '输入有误，以下为上次有效输入的结果',
    localMode: '本地模式',
    localModeHint: '项目只保存在本浏览器中；团队共享、登录和签名审批请运行 npm start（团队服务器）',
  },
  nav: {
    projects: '项目',
    requirements: '需求',
    sizing: '计算',
    bom: '物料清单',
    pricing: '成本与报价',
    tender: '技术标',
    review: '审批',
    revisions: '版本',
    drawing: '系统图',
    exports: '导出',
    catalog: '元件目录',
  },
  projects: projects.zh,
  requirements: requirements.zh,
  sizing: sizing.zh,
  bom: bom.zh,
  pricing: pricing.zh,
  review: review.zh,
  revisions: revisions.zh,
  tender: tender.zh,
  exports: exports.zh,
  catalog: {
    heading: '元件目录',
    version: '目录版本',
    effectiveDate: '生效日期',
    items: '条目',
    search: '搜索编码、名称或规格',
    allFamilies: '全部类别',
    allBrands: '全部品牌',
    showObsolete: '显示停产物料',
    code: '编码',
    name: '名称',
    spec: '规格',
    brand: '品牌',
    unit: '单位',
    costPrice: '成本价',
    listPrice: '销售价',
    leadTime: '交货期',
    days: '天',
    status: '状态',
    active: '在售',
    obsolete: '停产',
    alternates: '可替换物料',
    attributes: '技术参数',
    noResults: '没有符合条件的物料',
    noSelection: '选择一条物料查看详情',
    loadFailed: '目录加载失败，以下问题需修正：',
    samplePrices: '示例价格，仅供演示，请以公司价格表替换。',
    shown: '显示',
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof zh>;

export const en: Messages = {
  app: {
    title: 'DC Power Configurator',
    subtitle: 'DL/T 5044-2014 sizing · cost review · quotation',
    language: '中文',
    loading: 'Loading…',
    undo: 'Undo',
    redo: 'Redo',
    noProject: 'No project open',
    saveFailed: 'Saving failed: ',
    staleResults: 'The input has problems; these results are from the last valid input',
    localMode: 'Local mode',
    localModeHint: 'Projects are kept in this browser only; for shared projects, sign-in and signed approvals run npm start (the team server)',
  },
  nav: {
    projects: 'Projects',
    requirements: 'Requirements',
    sizing: 'Sizing',
    bom: 'BOM',
    pricing: 'Cost & price',
    tender: 'Technical bid',
    review: 'Review',
    revisions: 'Revisions',
    drawing: 'Drawing',
    exports: 'Exports',
    catalog: 'Catalog',
  },
  projects: projects.en,
  requirements: requirements.en,
  sizing: sizing.en,
  bom: bom.en,
  pricing: pricing.en,
  review: review.en,
  revisions: revisions.en,
  tender: tender.en,
  exports: exports.en,
  catalog: {
    heading: 'Component catalog',
    version: 'Catalog version',
    effectiveDate: 'Effective',
    items: 'items',
    search: 'Search code, name or spec',
    allFamilies: 'All families',
    allBrands: 'All brands',
    showObsolete: 'Show obsolete items',
    code: 'Code',
    name: 'Name',
    spec: 'Specification',
    brand: 'Brand',
    unit: 'Unit',
    costPrice: 'Cost',
    listPrice: 'List price',
    leadTime: 'Lead time',
    days: 'days',
    status: 'Status',
    active: 'Active',
    obsolete: 'Obsolete',
    alternates: 'Alternates',
    attributes: 'Technical data',
    noResults: 'No item matches',
    noSelection: 'Select an item to see its details',
    loadFailed: 'The catalog did not load. Fix these problems:',
    samplePrices: 'Sample prices for demonstration; replace them with the company price list.',
    shown: 'shown',
  },
};

export const dictionaries = { zh, en } as const;
