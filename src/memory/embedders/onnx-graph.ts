/**
 * A small builder for ONNX models held in memory: nodes, constant tensors (weights), one float input
 * and one float output, encoded to the ONNX protobuf format by protobufjs from the part of ONNX's
 * schema used here (field numbers as in onnx/onnx.proto). Loremaster builds its embedding model this
 * way from the weights it already has, so nothing is converted or downloaded ahead of time.
 */
import protobuf from 'protobufjs';

const repeated = (type: string, id: number) => ({ type, id, rule: 'repeated' });
const one = (type: string, id: number) => ({ type, id });

/** The messages of onnx.proto that a model of plain operators needs. */
const schema = protobuf.Root.fromJSON({
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            irVersion: one('int64', 1),
            producerName: one('string', 2),
            graph: one('GraphProto', 7),
            opsetImport: repeated('OperatorSetIdProto', 8),
          },
        },
        OperatorSetIdProto: { fields: { domain: one('string', 1), version: one('int64', 2) } },
        GraphProto: {
          fields: {
            node: repeated('NodeProto', 1),
            name: one('string', 2),
            initializer: repeated('TensorProto', 5),
            input: repeated('ValueInfoProto', 11),
            output: repeated('ValueInfoProto', 12),
          },
        },
        NodeProto: {
          fields: {
            input: repeated('string', 1),
            output: repeated('string', 2),
            name: one('string', 3),
            opType: one('string', 4),
            attribute: repeated('AttributeProto', 5),
          },
        },
        AttributeProto: {
          fields: {
            name: one('string', 1),
            f: one('float', 2),
            i: one('int64', 3),
            ints: repeated('int64', 8),
            type: one('int32', 20),
          },
        },
        TensorProto: {
          fields: {
            dims: repeated('int64', 1),
            dataType: one('int32', 2),
            name: one('string', 8),
            rawData: one('bytes', 9),
          },
        },
        ValueInfoProto: { fields: { name: one('string', 1), type: one('TypeProto', 2) } },
        TypeProto: { fields: { tensorType: one('TypeProtoTensor', 1) } },
        TypeProtoTensor: { fields: { elemType: one('int32', 1), shape: one('TensorShapeProto', 2) } },
        TensorShapeProto: { fields: { dim: repeated('Dimension', 1) } },
        Dimension: { fields: { dimValue: one('int64', 1), dimParam: one('string', 2) } },
      },
    },
  },
});
const Model = schema.lookupType('onnx.ModelProto');

/** ONNX's element types and attribute kinds used here. */
const FLOAT = 1;
const INT64 = 7;
const ATTRIBUTE_FLOAT = 1;
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_INTS = 7;

/** An attribute's value: a float, an integer or a list of integers. */
export type AttributeValue = { float: number } | number | number[];

/** A dimension: fixed, or named (any size, the same wherever the name appears). */
export type Dimension = number | string;

export class OnnxGraph {
  private readonly nodes: object[] = [];
  private readonly initializers: object[] = [];
  private names = 0;

  /** A constant float tensor (weights); returns its name. */
  floats(values: Float32Array, dims: number[]): string {
    return this.constant(FLOAT, new Uint8Array(values.buffer, values.byteOffset, values.byteLength), dims);
  }

  /** A constant int64 tensor (shapes, axes); returns its name. */
  int64s(values: number[]): string {
    const data = BigInt64Array.from(values.map((value) => BigInt(value)));
    return this.constant(INT64, new Uint8Array(data.buffer), [values.length]);
  }

  /** One operator; returns the names of its outputs. */
  op(
    opType: string,
    inputs: string[],
    attributes: Record<string, AttributeValue> = {},
    outputs = 1,
  ): string[] {
    const names = Array.from({ length: outputs }, () => this.name());
    this.nodes.push({
      opType,
      input: inputs,
      output: names,
      attribute: Object.entries(attributes).map(([name, value]) =>
        typeof value === 'number'
          ? { name, type: ATTRIBUTE_INT, i: value }
          : Array.isArray(value)
            ? { name, type: ATTRIBUTE_INTS, ints: value }
            : { name, type: ATTRIBUTE_FLOAT, f: value.float },
      ),
    });
    return names;
  }

  /** One operator with one output. */
  one(opType: string, inputs: string[], attributes: Record<string, AttributeValue> = {}): string {
    return this.op(opType, inputs, attributes)[0] as string;
  }

  /** The model in ONNX's protobuf encoding: float input `input` and the float output named `output`. */
  encode(
    input: { name: string; dims: Dimension[] },
    output: { name: string; dims: Dimension[] },
  ): Uint8Array {
    const valueInfo = (name: string, dims: Dimension[]) => ({
      name,
      type: {
        tensorType: {
          elemType: FLOAT,
          shape: {
            dim: dims.map((dim) => (typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })),
          },
        },
      },
    });
    const message = Model.fromObject({
      irVersion: 8,
      producerName: 'loremaster',
      opsetImport: [{ domain: '', version: 17 }],
      graph: {
        name: 'loremaster',
        node: this.nodes,
        initializer: this.initializers,
        input: [valueInfo(input.name, input.dims)],
        output: [valueInfo(output.name, output.dims)],
      },
    });
    return Model.encode(message).finish();
  }

  private constant(dataType: number, rawData: Uint8Array, dims: number[]): string {
    const name = this.name();
    this.initializers.push({ name, dataType, dims, rawData });
    return name;
  }

  private name(): string {
    this.names += 1;
    return `t${this.names}`;
  }
}
