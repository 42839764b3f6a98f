/**
 * Wording of generated cases: descriptions per small class, and the reasons written in the case
 * log when a case is rejected, returned, extended, hung, voided or fails verification.
 * `{spot}` is replaced by a short place phrase.
 */

export const EVENT_DESCRIPTIONS: Readonly<Record<string, readonly string[]>> = {
  '0101': ['{spot}有人搭建彩钢棚', '{spot}违规加建围墙，疑似私搭乱建', '楼顶新建违章搭建物，{spot}可见'],
  '0102': ['{spot}有暴露垃圾堆放', '{spot}生活垃圾堆积未清运', '{spot}垃圾成堆，有异味', '{spot}装修垃圾随意堆放'],
  '0103': ['{spot}堆有建筑渣土', '{spot}积存垃圾渣土未清运', '{spot}渣土堆放未覆盖'],
  '0104': ['{spot}路面油污明显', '{spot}道路不洁，散落垃圾较多', '{spot}路面有泥浆污染'],
  '0105': ['{spot}绿地内垃圾较多', '{spot}绿化带内有杂物堆放'],
  '0106': ['浏阳河{spot}水面漂浮垃圾', '{spot}水体有漂浮物'],
  '0107': ['{spot}有人焚烧垃圾', '{spot}焚烧树叶，烟雾较大'],
  '0201': ['{spot}墙面张贴非法小广告', '{spot}电线杆上有小广告', '{spot}喷涂办证小广告'],
  '0202': ['{spot}店铺招牌破损存在隐患', '{spot}设置违规户外广告牌', '{spot}门头招牌未经审批'],
  '0301': ['{spot}施工围挡占用人行道', '{spot}施工材料占道堆放'],
  '0302': ['{spot}工地未覆盖裸土，扬尘较大', '{spot}渣土车出场未冲洗带泥上路'],
  '0303': ['{spot}夜间施工噪音扰民', '{spot}工地超时作业，噪音较大'],
  '0401': ['{spot}有流动摊贩占道经营', '{spot}游商摆摊售卖水果', '{spot}流动早餐摊占道'],
  '0402': ['{spot}商户占道摆放货物', '{spot}占道经营，影响行人通行'],
  '0403': ['{spot}店外经营，桌椅摆上人行道', '{spot}店铺出店经营'],
  '0404': ['{spot}机动车占用人行道停放', '{spot}车辆乱停乱放堵塞通道', '{spot}非机动车无序停放'],
  '0405': ['{spot}有露天烧烤摊', '{spot}夜间露天烧烤油烟扰民'],
  '0501': ['{spot}路面出现塌陷', '{spot}路面下沉形成坑洞'],
  '0502': ['{spot}道路积水严重', '{spot}下雨后积水较深，影响通行'],
  '0503': ['{spot}自来水管道破裂漏水', '{spot}地下管道破裂，路面冒水'],
  '0601': ['市民反映{spot}油烟污染', '市民反映{spot}异味扰民', '市民投诉{spot}噪音污染'],
};

/** Component (部件) faults: a small-class name is put before each. */
export const COMPONENT_FAULTS: readonly string[] = ['破损', '缺失', '松动', '损坏', '倾斜', '移位'];

export const REJECT_REASONS: readonly string[] = [
  '不属于城市管理事项，已告知转相关部门',
  '现场核实无此问题',
  '位置描述不清，无法核实',
  '属小区物业管理范围，已转物业处理',
  '问题已由相关单位处理完毕',
];

export const VOID_REASONS: readonly string[] = [
  '核实为录入错误，作废',
  '同一问题重复立案，作废',
  '上报类别错误，已按正确类别重新立案',
];

export const RETURN_REASONS: readonly string[] = [
  '非本人职责范围，申请退回',
  '位置不在本网格内，申请改派',
  '需市政部门处理，申请退回',
];

export const EXTEND_REASONS: readonly string[] = [
  '需协调产权单位共同处理，申请延期',
  '涉及多个责任主体，申请延期',
  '维修材料采购中，申请延期',
  '当事人正在自行整改，申请延期',
];

export const HANG_REASONS: readonly string[] = [
  '历史遗留问题，需多部门协调，暂予挂账',
  '涉及产权纠纷，暂无法处置，挂账督办',
  '已纳入区级专项整治计划，挂账处理',
];

export const VERIFY_FAIL_REASONS: readonly string[] = [
  '现场核查未处置到位，退回重新处置',
  '处置后照片与现场不符，要求返工',
  '问题出现反复，要求重新处置',
];

export const HANDLE_NOTES: readonly string[] = [
  '已处置完毕，上传处置后照片',
  '已清理完毕',
  '已现场劝离并整改到位',
  '已责令整改，现场恢复正常',
];

export const PHONE_PREFIXES: readonly string[] = [
  '130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '157',
  '158', '159', '173', '176', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '199',
];

/** Replies to the citizen (答复内容) when a 12345 order is closed. */
export const HOTLINE_REPLIES: readonly string[] = [
  '您反映的问题已安排责任人现场处置完毕，感谢您对城市管理工作的支持。',
  '经核实，相关问题已整改到位，后续将加强巡查。',
  '已联系责任单位处理，现场已恢复正常，如有问题请再次来电。',
  '已督促商户规范经营，并纳入日常巡查重点。',
  '已清理完毕，并增加该路段保洁频次。',
];

/** Why an order is sent back to the platform (退单). */
export const HOTLINE_RETURN_REASONS: readonly string[] = [
  '经核实属市政设施养护范围，非城管职责',
  '诉求地点不在本区辖区内',
  '属物业管理区域内部事务，建议转住建部门',
  '诉求内容为政策咨询，非城管事项',
];

/** What an unhappy citizen said at the callback (回访不满意). */
export const HOTLINE_DISSATISFIED_NOTES: readonly string[] = [
  '市民反映问题仍未彻底解决',
  '市民表示处置后很快复发',
  '市民对答复内容不认可',
];

/** What a supervisor writes when chasing a late case by hand (人工催办). */
export const URGE_NOTES: readonly string[] = ['请今日内处置完毕并反馈', '已超期，请立即安排处置', '市民多次反映，请加快办理'];
