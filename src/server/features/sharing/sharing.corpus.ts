// Realistic achievements written for the platform (the demo's showcase, the search-quality
// test and the search benchmark), the queries that name their subjects in other words than
// their titles, and a deterministic generator of many more for the 200,000-row benchmark.
import { rng } from '../demo/factories.ts';

export interface CorpusAchievement {
  key: string;
  title: string;
  category: string; // achievement_categories.code
  description: string;
  benefit: number; // 万元
}

const A = (key: string, title: string, category: string, description: string, benefit: number) => ({
  key,
  title,
  category,
  description,
  benefit,
});

export const CORPUS: readonly CorpusAchievement[] = [
  A('spindle', '数控车床主轴热变形补偿装置', 'wx-innovation', '在主轴箱布置温度传感器，按温升曲线实时修正刀补，连续加工八小时尺寸误差由0.03毫米降到0.008毫米。', 46),
  A('weld-wire', '焊接机器人自动送丝防堵机构', 'wx-invention', '改进送丝轮压紧结构并增加导丝管清理气路，解决机器人弧焊时焊丝打结、卡丝造成的停机。', 32),
  A('belt-drift', '带式输送机跑偏自动纠偏托辊', 'wx-innovation', '利用调心托辊和限位立辊组合，皮带偏移时自动回正，减少撒料和胶带边缘撕裂。', 28),
  A('mold-temp', '注塑模具分区控温改造', 'wx-innovation', '把模温机改为多回路分区控制，缩短成型周期，产品缩痕和翘曲明显减少。', 55),
  A('waste-heat', '空压机余热回收供应职工浴室热水', 'wx-creation', '在螺杆空压机油路加装板式换热器，回收废热加热生活用水，替代电热水器。', 18),
  A('vision-label', '基于机器视觉的标签错贴识别系统', 'wx-design', '包装线上用工业相机拍照比对标签版本，错贴即刻剔除并报警，杜绝混批外流。', 40),
  A('tool-life', '硬质合金铣刀刃口修磨工艺', 'wx-innovation', '总结出一套铣刀刃口钝化与修磨参数，刀具可重复修磨三次，单把使用时长提升一倍。', 24),
  A('fixture-quick', '箱体零件一面两销快换工装', 'wx-design', '统一定位基准，换型时只需更换定位板，夹具调整时间由40分钟缩短到6分钟。', 21),
  A('sewage-dosing', '印染废水加药量自动调节', 'wx-innovation', '依据进水色度和pH在线数据调节絮凝剂投加，出水稳定达标，药剂费用下降。', 37),
  A('dust-hood', '打磨工位负压集尘罩', 'wx-design', '为手工打磨工位设计可移动吸尘罩，车间粉尘浓度降到限值以下，改善职业健康。', 9),
  A('noise-cover', '冲床降噪隔音罩', 'wx-design', '采用阻尼钢板与吸音棉复合罩体，冲压车间噪声由98分贝降到85分贝。', 12),
  A('live-line', '10千伏配网不停电作业绝缘工具', 'wx-invention', '研制绝缘引流线夹和操作杆，实现带电接引线，用户不再因检修停电。', 60),
  A('cable-fault', '电缆故障快速定位仪', 'wx-invention', '结合脉冲反射和声磁同步，线缆击穿点定位时间由半天缩短到一小时。', 44),
  A('drone-patrol', '输电线路无人机自主巡检航线规划', 'wx-design', '按杆塔坐标自动生成航拍路线，巡视效率比人工登塔提高五倍。', 50),
  A('forklift-safety', '叉车倒车行人防撞预警', 'wx-creation', '在叉车尾部加装毫米波雷达和声光报警，仓库搬运作业中人车碰撞隐患显著下降。', 8),
  A('stacker', '立体仓库堆垛机定位精度提升', 'wx-innovation', '以激光测距替代编码器计数，货位定位偏差小于2毫米，库存出入库差错为零。', 35),
  A('yarn-break', '织机断纱自动检测停车装置', 'wx-invention', '光电传感器监测经纱张力，断头时织布机立即停车，减少织疵和布匹降等。', 26),
  A('dyeing-recipe', '活性染料染色配方数字化管理', 'wx-suggestion', '建立染色工艺数据库，按布种与色号调用配方，一次染色成功率提高到95%。', 30),
  A('battery-sort', '锂电池电芯自动分选机', 'wx-invention', '按内阻、电压和容量对电芯在线分档，储能电池组一致性提升，返工减少。', 66),
  A('pv-clean', '光伏组件清扫机器人', 'wx-creation', '沿阵列轨道行走的清扫装置，干刷加少量喷水，太阳能电站发电量提升约6%。', 48),
  A('pump-seal', '离心泵机械密封改进', 'wx-innovation', '改用集装式机械密封并增加冲洗管路，泵站漏水问题消除，检修周期延长到一年。', 15),
  A('valve-tool', '大口径阀门研磨工具', 'wx-invention', '便携式阀座研磨机在线修复截止阀密封面，免拆运，缩短停机。', 22),
  A('bearing-lube', '减速机轴承集中自动润滑', 'wx-innovation', '多点递进式分配器定时定量注油，齿轮箱轴承温度平稳，故障率下降七成。', 27),
  A('bolt-torque', '风电塔筒螺栓扭矩防松标记法', 'wx-suggestion', '紧固后画线并用智能扳手记录力矩，巡检时一眼看出螺栓松动。', 11),
  A('deburr', '阀体内腔毛刺机器人去除工作站', 'wx-creation', '六轴机械臂夹持浮动主轴打磨内腔交叉孔，替代手工去毛刺，质量稳定。', 38),
  A('paint-dry', '喷涂线烘干炉热风循环改造', 'wx-innovation', '优化风道和回风比例，涂装烘箱升温时间缩短一半，燃气消耗降低两成。', 42),
  A('pack-count', '包装机缺袋漏装防错装置', 'wx-design', '在装箱工位用称重和光电双重检测，漏装即停线，杜绝客户投诉。', 14),
  A('bottle-fill', '灌装机液位精确控制', 'wx-innovation', '采用称重式灌装替代定时灌装，装瓶误差控制在正负1克以内。', 19),
  A('tea-fry', '名优绿茶理条机温控改造', 'wx-innovation', '为理条机加装温度闭环控制，炒茶火候稳定，茶叶外形和色泽一致。', 16),
  A('shield-seg', '盾构管片拼装定位辅助装置', 'wx-invention', '在拼装机上加装激光靶标，隧道掘进中管片错台量明显减小。', 58),
  A('rebar-cage', '钢筋笼滚焊成型机改进', 'wx-innovation', '改进主筋分布盘和箍筋缠绕机构，钢筋笼绑扎焊接一次成型，工效提高三倍。', 33),
  A('concrete-cure', '桥梁预制梁自动喷淋养护系统', 'wx-design', '按温湿度自动喷雾，混凝土养护均匀，避免梁体开裂。', 20),
  A('boiler-scale', '锅炉水垢在线监测与排污优化', 'wx-suggestion', '根据电导率自动控制连续排污量，减少蒸汽损失和燃料消耗。', 25),
  A('motor-vfd', '循环水泵电机变频节能改造', 'wx-suggestion', '按管网压力变频调速替代阀门节流，年节电约30万千瓦时。', 24),
  A('plc-retrofit', '老旧生产线PLC控制系统国产化改造', 'wx-creation', '用国产控制器替换停产的进口PLC，保留原有程序逻辑，备件成本大幅下降。', 52),
  A('twin', '压铸岛数字孪生工艺仿真', 'wx-design', '建立压铸机与模具的数字孪生模型，提前预测缩孔，新模试模次数减半。', 64),
  A('iot-monitor', '空压站物联网远程监控', 'wx-creation', '采集压缩空气压力、流量和用电数据，手机端远程查看，发现泄漏及时处理。', 17),
  A('drill-jig', '法兰多孔钻模', 'wx-design', '一次装夹钻出全部螺栓孔，打孔位置度稳定，免划线。', 7),
  A('cut-nest', '钢板切割下料套料优化', 'wx-suggestion', '用排样软件优化下料顺序，钢板利用率由82%提高到91%。', 29),
  A('press-guard', '冲压机双手按钮与光幕联锁防护', 'wx-suggestion', '压力机加装安全光幕与双手操作联锁，杜绝压手事故。', 6),
  A('crane-sway', '桥式起重机吊钩防摇摆控制', 'wx-invention', '通过变频加减速曲线抑制吊重摆动，吊装定位更快更安全。', 31),
  A('transformer-oil', '变压器油色谱在线分析预警', 'wx-creation', '在配电变压器上安装油中气体监测单元，提前发现过热和放电故障。', 45),
];

/** Queries that name an achievement's subject in other words than its title, with the answer. */
export const SEARCH_QUERIES: readonly { q: string; expect: string }[] = [
  { q: '机床主轴发热导致加工精度下降', expect: 'spindle' },
  { q: '机器人电焊卡丝停机', expect: 'weld-wire' },
  { q: '传送带走偏撒料', expect: 'belt-drift' },
  { q: '注塑件缩痕翘曲 模温', expect: 'mold-temp' },
  { q: '压缩机废热烧洗澡水', expect: 'waste-heat' },
  { q: '相机识别贴错标签', expect: 'vision-label' },
  { q: '铣刀用不久就磨损', expect: 'tool-life' },
  { q: '换型时夹具调整太慢', expect: 'fixture-quick' },
  { q: '染色车间排污絮凝剂投加', expect: 'sewage-dosing' },
  { q: '手工抛光灰尘大', expect: 'dust-hood' },
  { q: '压力机噪音太大', expect: 'noise-cover' },
  { q: '配电检修不想让用户停电', expect: 'live-line' },
  { q: '线缆击穿点找得慢', expect: 'cable-fault' },
  { q: '航拍巡视输电杆塔', expect: 'drone-patrol' },
  { q: '仓库搬运车撞人隐患', expect: 'forklift-safety' },
  { q: '堆垛机货位偏差', expect: 'stacker' },
  { q: '织布机断头停车', expect: 'yarn-break' },
  { q: '染料配方一次成功率', expect: 'dyeing-recipe' },
  { q: '储能电芯一致性分档', expect: 'battery-sort' },
  { q: '太阳能板脏了发电量下降', expect: 'pv-clean' },
  { q: '水泵漏水密封', expect: 'pump-seal' },
  { q: '截止阀密封面在线修复', expect: 'valve-tool' },
  { q: '齿轮箱轴承自动加油', expect: 'bearing-lube' },
  { q: '塔筒螺丝松动怎么发现', expect: 'bolt-torque' },
  { q: '机械臂打磨交叉孔', expect: 'deburr' },
  { q: '喷漆烘箱燃气消耗大', expect: 'paint-dry' },
  { q: '装箱漏装防呆', expect: 'pack-count' },
  { q: '装瓶误差 称重', expect: 'bottle-fill' },
  { q: '炒茶火候不稳定', expect: 'tea-fry' },
  { q: '隧道管片错台', expect: 'shield-seg' },
  { q: '钢筋笼绑扎效率低', expect: 'rebar-cage' },
  { q: '预制梁浇筑后开裂', expect: 'concrete-cure' },
  { q: '蒸汽锅炉排污量控制', expect: 'boiler-scale' },
  { q: '水泵电机调速省电', expect: 'motor-vfd' },
  { q: '进口控制器停产替换', expect: 'plc-retrofit' },
  { q: '压铸缩孔仿真', expect: 'twin' },
  { q: '手机远程看压缩空气泄漏', expect: 'iot-monitor' },
  { q: '法兰打孔免划线', expect: 'drill-jig' },
  { q: '提高钢板利用率排样', expect: 'cut-nest' },
  { q: '防止压手事故光幕', expect: 'press-guard' },
  { q: '吊车吊钩摆动', expect: 'crane-sway' },
  { q: '配电变压器过热放电预警', expect: 'transformer-oil' },
];

// Vocabulary of the generator: the same shop-floor words as the corpus, so that generated
// rows compete with the real ones for the same tokens.
const OBJECTS = [
  '数控机床', '加工中心', '焊接机器人', '输送带', '注塑机', '模具', '空压机', '变压器', '配电柜', '电缆',
  '叉车', '立体仓库', '织机', '染色机', '锂电池', '光伏组件', '水泵', '阀门', '减速机', '轴承',
  '螺栓', '打磨工位', '喷涂线', '包装机', '灌装机', '理条机', '盾构机', '钢筋笼', '预制梁', '锅炉',
  '电机', '生产线', '压铸机', '冲床', '起重机', '换热器', '除尘器', '污水站', '烘干炉', '检测台',
  '剪板机', '折弯机', '卷板机', '车床', '磨床', '镗床', '铣床', '钻床', '线切割机', '电火花机',
  '造纸机', '复卷机', '纺纱机', '络筒机', '浆纱机', '印花机', '定型机', '挤出机', '吹膜机', '制袋机',
  '球磨机', '破碎机', '回转窑', '冷却塔', '蒸发器', '反应釜', '离心机', '过滤器', '储罐', '管廊',
  '汽轮机', '发电机', '开关站', '充电桩', '电梯', '扶梯', '空调机组', '冷水机组', '风机', '引风机',
  '装载机', '挖掘机', '塔吊', '架桥机', '摊铺机', '压路机', '搅拌站', '升降平台', '脚手架', '模板',
  '机车', '动车组', '轨道', '道岔', '接触网', '信号机', '集装箱', '门式起重机', '岸桥', '船舶',
  '缝纫机', '裁床', '烫台', '鞋楦', '注胶机', '贴片机', '回流焊', '波峰焊', '测试架', '老化房',
];
const ASPECTS = [
  '效率', '精度', '能耗', '安全防护', '故障诊断', '维护保养', '质量检测', '噪声', '寿命', '定位',
  '温度控制', '自动上下料', '防错', '远程监控', '清洁', '润滑', '密封', '成本', '工装', '物料搬运',
  '换型', '计量', '点检', '排产', '照明', '排水', '通风', '保温', '校准', '标识',
  '操作界面', '数据采集', '备件管理', '能源计量', '废料回收', '包装防护', '运输固定', '人机工效', '应急处置', '工艺参数',
];
const KINDS = ['改进', '优化', '改造', '装置', '系统', '工艺', '方法', '工具', '机构', '平台'];
const EFFECTS = [
  '提高生产效率', '降低能耗', '减少停机时间', '提升产品合格率', '改善作业环境', '降低劳动强度',
  '减少材料浪费', '消除安全隐患', '缩短换型时间', '延长设备寿命',
];

/** The i-th generated achievement (deterministic). */
export function generatedAchievement(i: number): CorpusAchievement {
  const r = rng(i * 2_654_435_761);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const obj = pick(OBJECTS);
  const aspect = pick(ASPECTS);
  const kind = pick(KINDS);
  const other = pick(OBJECTS);
  const cats = ['wx-invention', 'wx-creation', 'wx-innovation', 'wx-design', 'wx-suggestion'];
  return {
    key: `gen-${i}`,
    title: `${obj}${aspect}${kind}（${i}号）`,
    category: pick(cats),
    description: `针对${obj}在${aspect}方面的不足，班组借鉴${other}的做法进行${kind}，${pick(EFFECTS)}，${pick(EFFECTS)}。`,
    benefit: Math.round(r() * 500) / 10,
  };
}
