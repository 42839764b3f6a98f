import type { Pair } from './geometry';

/**
 * Names and places of the demo district: the 13 streets of 芙蓉区 with seed points in roughly
 * their real places, plausible community (社区) names per street, real road names for addresses,
 * and name lists for generated people.
 */

export interface DemoStreet {
  /** 3-digit street number within the district code. */
  number: string;
  name: string;
  /** Voronoi seed points (WGS-84); a street may own several to follow the river. */
  seeds: readonly Pair[];
  communities: readonly string[];
  roads: readonly string[];
  /** Relative incident density: the old town and the station area are busier. */
  activity: number;
  /**
   * How far the street's people fall behind (default 1): a weaker street closes more of its cases late and
   * leaves a few open for weeks. The demo district is mostly well run, with two weaker streets.
   */
  lag?: number;
}

export const DISTRICT_CODE = '430102';
export const DISTRICT_NAME = '芙蓉区';

export const DEMO_STREETS: readonly DemoStreet[] = [
  {
    number: '001',
    name: '文艺路街道',
    seeds: [[112.985, 28.2005]],
    communities: ['识字岭', '燕子岭', '文艺新村', '古稻田', '识字里', '八一桥', '蔡锷路', '窑岭'],
    roads: ['五一大道', '文艺路', '蔡锷中路', '识字岭路', '燕山街', '芙蓉中路一段'],
    activity: 1.5,
  },
  {
    number: '002',
    name: '朝阳街街道',
    seeds: [[112.995, 28.195]],
    communities: ['朝阳', '晓园', '马王街', '朝阳街', '人民路', '建湘新村', '车站南', '韶山北路'],
    roads: ['朝阳路', '人民中路', '芙蓉中路二段', '建湘路', '五一大道', '车站中路'],
    activity: 1.4,
  },
  {
    number: '003',
    name: '韭菜园街道',
    seeds: [[113.0, 28.214]],
    communities: ['韭菜园', '五一新村', '长岛', '新竹', '八一路', '湘春', '营盘东', '鸿铭'],
    roads: ['八一路', '韭菜园路', '营盘东路', '芙蓉中路一段', '长岛路', '新竹路'],
    activity: 1.3,
  },
  {
    number: '004',
    name: '五里牌街道',
    seeds: [[113.007, 28.205]],
    communities: ['五里牌', '车站北', '嘉雨', '军区', '古汉', '杨家山', '荷花池', '凌霄'],
    roads: ['车站北路', '五一大道', '八一路', '嘉雨路', '古汉路', '凌霄路'],
    activity: 1.5,
  },
  {
    number: '005',
    name: '火星街道',
    seeds: [[113.021, 28.214]],
    communities: ['火星', '三角塘', '东风路', '火炬村', '远大', '新安', '马栏', '黄土塘'],
    roads: ['远大一路', '东二环一段', '火星路', '马王堆北路', '三角塘路', '滨河北路'],
    activity: 1.0,
  },
  {
    number: '006',
    name: '马王堆街道',
    seeds: [
      [113.036, 28.209],
      [113.044, 28.203],
    ],
    communities: ['马王堆', '新东', '京禧', '西湖', '滨河', '五家岭', '大德', '汉墓'],
    roads: ['马王堆中路', '马王堆路', '远大一路', '人民东路', '浏阳河大道', '车站北路'],
    activity: 0.9,
  },
  {
    number: '007',
    name: '东屯渡街道',
    seeds: [[113.062, 28.214]],
    communities: ['东屯渡', '新桥', '红花坡', '隆平', '东屯村', '合平', '东业', '大同'],
    roads: ['远大二路', '合平路', '东屯渡路', '浏阳河大道', '隆平路', '万家丽中路一段'],
    activity: 0.8,
    // The urban fringe: construction sites and new roads, a squad stretched thin.
    lag: 3,
  },
  {
    number: '008',
    name: '湘湖街道',
    seeds: [
      [113.024, 28.197],
      [113.035, 28.185],
    ],
    communities: ['湘湖', '南湖', '晚报', '八一桥东', '浏正街', '湘湖渔场', '东二环', '人民东'],
    roads: ['人民东路', '东二环一段', '晚报大道', '湘湖路', '车站中路', '八一东路'],
    activity: 1.2,
  },
  {
    number: '009',
    name: '定王台街道',
    seeds: [[112.977, 28.195]],
    communities: ['定王台', '走马楼', '浏城桥', '丰泉古井', '解放西', '藩城堤', '营盘街', '新安巷'],
    roads: ['解放西路', '蔡锷中路', '黄兴中路', '解放东路', '都正街', '浏城桥路'],
    activity: 1.6,
    // The old town: narrow lanes, night markets and the most reports, more than its squads keep up with.
    lag: 4,
  },
  {
    number: '010',
    name: '荷花园街道',
    seeds: [[113.012, 28.191]],
    communities: ['荷花园', '荷晏', '银华', '东二环南', '东郡', '荷园', '人民新村', '曙光'],
    roads: ['人民东路', '荷花路', '车站南路', '东二环二段', '曙光中路', '嘉雨路'],
    activity: 1.3,
  },
  {
    number: '011',
    name: '东岸街道',
    seeds: [[113.06, 28.199]],
    communities: ['东岸', '梓园', '东岸新村', '东方', '龙马', '湘楚', '隆平新村', '东逸'],
    roads: ['东岸路', '万家丽中路一段', '人民东路', '隆平路', '浏阳河大道', '合平路'],
    activity: 0.8,
  },
  {
    number: '012',
    name: '马坡岭街道',
    seeds: [[113.08, 28.185]],
    communities: ['马坡岭', '农科', '马坡', '新塘', '大山', '浏阳河', '东湖村', '隆平高科'],
    roads: ['人民东路', '马坡岭路', '远大三路', '隆平路', '农大路', '万家丽中路二段'],
    activity: 0.7,
  },
  {
    number: '013',
    name: '东湖街道',
    seeds: [[113.092, 28.203]],
    communities: ['东湖', '火焰', '东湖新村', '大山冲', '农大', '嘉和', '嘉园', '湘龙'],
    roads: ['东湖路', '农大路', '远大三路', '凌霄路', '湘龙路', '东湖大道'],
    activity: 0.7,
  },
];

/** Common surnames, the frequent Hunan ones first and repeated to weigh them. */
export const SURNAMES: readonly string[] = [
  '刘', '李', '陈', '王', '张', '周', '彭', '谭', '曾', '罗', '邓', '唐', '杨', '黄', '胡', '肖', '贺', '易',
  '刘', '李', '陈', '王', '张', '周', '彭', '谭', '龙', '文', '向', '吴', '赵', '朱', '徐', '孙', '郭',
  '何', '高', '林', '郑', '梁', '谢', '宋', '许', '邹', '廖', '蒋', '蔡', '余', '戴', '欧阳', '袁', '熊',
  '汤', '石', '姚', '颜', '夏', '左', '雷', '魏', '冯', '丁', '傅', '范', '方', '卢', '付', '毛', '钟',
];

export const GIVEN_NAME_CHARS: readonly string[] = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超',
  '秀', '霞', '平', '刚', '桂', '英', '华', '建', '国', '文', '辉', '红', '玲', '斌', '波', '鹏', '宇',
  '浩', '凯', '佳', '琳', '婷', '慧', '俊', '峰', '亮', '志', '新', '海', '宏', '晨', '欣', '雪', '梅',
  '兰', '燕', '萍', '湘', '春', '林', '德', '青', '松', '嘉', '翔', '丹', '蓉', '利', '红', '立', '清',
];

export const ORGANIZATIONS = {
  centre: '芙蓉区城市管理网格化指挥中心',
  enforcement: (street: string) => `芙蓉区城管执法大队${street.replace('街道', '')}中队`,
  sanitation: (street: string) => `${street}环卫所`,
  office: (street: string) => `${street}办事处`,
};

/** Short place phrases used in descriptions. */
export const SPOTS: readonly string[] = [
  '人行道上', '路口东侧', '小区门口', '公交站旁', '绿化带内', '巷子口', '市场门口', '学校门口附近',
  '商铺门前', '十字路口西北角', '桥下', '居民楼下', '停车场出口', '地铁站口',
];
