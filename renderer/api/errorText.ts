import type { ApiErrorKind } from './client';

/** A short Chinese heading for each kind of failure; the message underneath says what happened. */
export function errorTitle(kind: ApiErrorKind): string {
  switch (kind) {
    case 'transport':
      return '无法连接 GridDesk 服务';
    case 'unauthorized':
      return '身份验证未通过';
    case 'forbidden':
      return '没有权限执行此操作';
    case 'invalid-input':
      return '请求内容有误';
    case 'not-found':
      return '未找到要查看的内容';
    case 'conflict':
      return '数据已被修改';
    case 'database':
      return '数据库无法使用';
    case 'busy':
      return '数据库正忙，请稍后重试';
    case 'internal':
      return '程序内部错误';
    default: {
      const unexpected: never = kind;
      return `出错了（${String(unexpected)}）`;
    }
  }
}
