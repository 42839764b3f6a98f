declare module 'shpjs' {
  interface ShapefileParts {
    shp: ArrayBuffer | ArrayBufferView;
    dbf?: ArrayBuffer | ArrayBufferView;
    cpg?: string;
    prj?: string;
  }
  export default function shp(input: ShapefileParts | ArrayBuffer | ArrayBufferView | string): Promise<unknown>;
}
