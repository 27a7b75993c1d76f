// Test fixture for the synthesis flow: a 2x2 output-stationary systolic array
// of mac_i8i8_acc32. Operands enter at the left (a, per row) and top (b, per
// column) and are forwarded right/down by each PE's operand registers.
// The top level owns one register of its own (en_q, the enable delayed by a
// cycle to line up with the PEs' operand registers) so the hierarchical
// figures have a non-zero top-level term: FFs = 4 x 48 + 1 = 193.
module mac_array_2x2 (
  input  wire        clk,
  input  wire        rst,
  input  wire        en,
  input  wire [7:0]  a_row0,
  input  wire [7:0]  a_row1,
  input  wire [7:0]  b_col0,
  input  wire [7:0]  b_col1,
  output wire [31:0] acc00,
  output wire [31:0] acc01,
  output wire [31:0] acc10,
  output wire [31:0] acc11
);
  reg en_q;
  always @(posedge clk) en_q <= rst ? 1'b0 : en;

  wire [7:0] a00_01, a10_11;   // a forwarded right along each row
  wire [7:0] b00_10, b01_11;   // b forwarded down along each column
  wire [7:0] a01_x, a11_x, b10_x, b11_x;  // edge outputs, unused

  mac_i8i8_acc32 pe00 (.clk(clk), .rst(rst), .en(en_q), .a_in(a_row0), .b_in(b_col0),
                       .a_out(a00_01), .b_out(b00_10), .acc(acc00));
  mac_i8i8_acc32 pe01 (.clk(clk), .rst(rst), .en(en_q), .a_in(a00_01), .b_in(b_col1),
                       .a_out(a01_x),  .b_out(b01_11), .acc(acc01));
  mac_i8i8_acc32 pe10 (.clk(clk), .rst(rst), .en(en_q), .a_in(a_row1), .b_in(b00_10),
                       .a_out(a10_11), .b_out(b10_x),  .acc(acc10));
  mac_i8i8_acc32 pe11 (.clk(clk), .rst(rst), .en(en_q), .a_in(a10_11), .b_in(b01_11),
                       .a_out(a11_x),  .b_out(b11_x),  .acc(acc11));
endmodule
