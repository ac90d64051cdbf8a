// The course catalogue's first entries, kept by the province: the TRIZ innovation-thinking
// series the 2025 plan asks the academies to develop (“开发以 TRIZ 创新思维方法为重点的系列创新素质
// 提升课程”), and the courses the academies commonly run. Inserted once, on a database whose
// catalogue is empty; afterwards the catalogue is the province's to edit.
import { count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organizations } from '../../db/schema/orgs.ts';
import { courses } from '../../db/schema/registries.ts';

export const SEED_COURSES: { name: string; series: string; triz: boolean; hours: number; summary: string }[] =
  [
    {
      name: 'TRIZ 创新思维（一）：发明问题与最终理想解',
      series: 'triz',
      triz: true,
      hours: 8,
      summary: '技术矛盾、物理矛盾的识别，最终理想解（IFR）与资源分析。',
    },
    {
      name: 'TRIZ 创新思维（二）：矛盾矩阵与 40 个发明原理',
      series: 'triz',
      triz: true,
      hours: 12,
      summary: '39 个通用工程参数、矛盾矩阵的使用，40 个发明原理与企业案例。',
    },
    {
      name: 'TRIZ 创新思维（三）：物-场分析与 76 个标准解',
      series: 'triz',
      triz: true,
      hours: 12,
      summary: '功能建模、物-场模型与标准解系统。',
    },
    {
      name: 'TRIZ 创新思维（四）：技术系统进化法则',
      series: 'triz',
      triz: true,
      hours: 8,
      summary: 'S 曲线与八大进化法则，用于技术预测与专利布局。',
    },
    {
      name: 'TRIZ 创新思维（五）：职工创新实战工作坊',
      series: 'triz',
      triz: true,
      hours: 16,
      summary: '以班组真实难题为题，分组运用 TRIZ 工具完成攻关方案。',
    },
    {
      name: '工匠精神与职业素养',
      series: 'craftsmanship',
      triz: false,
      hours: 4,
      summary: '劳模精神、劳动精神、工匠精神专题。',
    },
    {
      name: '劳模工匠创新工作室建设与运行',
      series: 'craftsmanship',
      triz: false,
      hours: 6,
      summary: '工作室的组建、带徒、攻关与成果转化。',
    },
    {
      name: '数控加工技能提升',
      series: 'skills',
      triz: false,
      hours: 40,
      summary: '数控车铣编程与加工工艺，面向技能等级晋升。',
    },
    {
      name: '工业机器人操作与运维',
      series: 'skills',
      triz: false,
      hours: 40,
      summary: '工业机器人编程、调试与维护保养。',
    },
    {
      name: '智能制造与数字化转型',
      series: 'digital',
      triz: false,
      hours: 16,
      summary: '数字化车间、工业互联网与数据应用。',
    },
    {
      name: '质量管理与精益生产',
      series: 'management',
      triz: false,
      hours: 12,
      summary: 'QC 小组活动、精益改善与质量工具。',
    },
    {
      name: '职工创新成果转化与知识产权',
      series: 'management',
      triz: false,
      hours: 6,
      summary: '专利申请、成果认定与转化收益分配。',
    },
  ];

export async function ensureCourseCatalogue(db: Db): Promise<void> {
  const [{ n }] = await db.select({ n: count() }).from(courses);
  if (Number(n) > 0) return;
  const [province] = await db.select().from(organizations).where(eq(organizations.kind, 'province')).limit(1);
  if (!province) return;
  await db.insert(courses).values(
    SEED_COURSES.map((c) => ({
      ...c,
      active: true,
      orgId: province.id,
      orgPath: province.path,
      orgAltPath: province.altPath,
    })),
  );
}
