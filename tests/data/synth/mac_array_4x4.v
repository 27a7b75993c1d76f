// Test fixture for the synthesis flow: a 4x4 array of mac_i8i8_acc32 in the
// style of mac_array_2x2.v (a forwarded right, b forwarded down). Its one
// top-level register en_q drives the enable of all 16 PEs (16 x 33 = 528 cell
// pins inside the PEs) with no buffer tree: the flow must flag that net.
// FFs = 16 x 48 + 1 = 769.
module mac_array_4x4 (
  input  wire         clk,
  input  wire         rst,
  input  wire         en,
  input  wire [31:0]  a_rows,   // row r on bits [8r+7:8r]
  input  wire [31:0]  b_cols,   // column c on bits [8c+7:8c]
  output wire [511:0] acc     // PE (r,c) on bits [32k+31:32k], k = 4r + c
);
  reg en_q;
  always @(posedge clk) en_q <= rst ? 1'b0 : en;

  // a_w[r*5 + c]: a entering PE (r,c); column 4 leaves the array unused.
  // b_w[r*4 + c]: b entering PE (r,c); row 4 leaves the array unused.
  wire [7:0] a_w [0:19];
  wire [7:0] b_w [0:19];
  assign a_w[0] = a_rows[7:0];
  assign a_w[5] = a_rows[15:8];
  assign a_w[10] = a_rows[23:16];
  assign a_w[15] = a_rows[31:24];
  assign b_w[0] = b_cols[7:0];
  assign b_w[1] = b_cols[15:8];
  assign b_w[2] = b_cols[23:16];
  assign b_w[3] = b_cols[31:24];
  mac_i8i8_acc32 pe_0_0 (.clk(clk), .rst(rst), .en(en_q), .a_in(a_w[0]), .b_in(b_w[0]),
                          .a_out(a_w[1]), .b_out(b_w[4]), .acc(acc[31:0]));
  mac_i8i8_acc32 pe_0_1 (.clk(clk), .rst(rst), .en(en_q), .a_in(a_w[1]), .b_in(b_w[1]),
                          .a_out(a_w[2]), .b_out(b_w[5]), .acc(acc[63:32]));
  mac_i8i8_acc32 pe_0_2 (.clk(clk), .rst(rst), .en(en_q), .a_in(a_w[2]), .b_in(b_w[2]),
                          .a_out(a_w[3]), .b_out(b_w[6]), .acc(acc[95:64]));
  mac_i8i8_acc32 pe_0_3 (.clk(clk), .rst(rst), .en(en_q), .a_in(a_w[3]), .b_in(b_w[3]),
                          .a_out(a_w[4]), .b_out(b_w[7]), .acc(acc[127:96]));
  mac_i8i8_acc32 pe_1_0 (.clk(clk), .rst(rst), .en(en_q), .a_in(a_w[5]), .b_in(b_w[4]),
                          .a_out(a_w[6]), .b_out(b_w[8]), .acc(acc[159:128]));
  mac_i8i8_acc32 pe_1_1 (.clk(clk), .rst(rst), .en(en_q), .a_in(a_w[6]), .b_in(b_w[5]),
                          .a_out(a_w[7]), .b_out(b_w[9]), .acc(acc[191:160]));
  mac_i8i8_acc32 pe_1_2 (.clk(clk), .rst(rst), .en(en_q), .a_in(a_w[7]), .b_in(b_w[6]),
                          .a_out(a_w[8]), .b_out(b_w[10]), .acc(acc[223:192]));
  mac_i8i8_acc32 pe_1_3 (.clk(clk), .rst(rst), .en(en_q), .a_in(a_w[8]), .b_in(b_w[7]),
                          .a_out(a_w[9]), .b_out(b_w[11]), .acc(acc[255:224]));
  mac_i8i8_acc32 pe_2_0 (.clk(clk), .rst(rst), .en(en_q), .a_in(a_w[10]), .b_in(b_w[8]),
                          .a_out(a_w[11]), .b_out(b_w[12]), .acc(acc[287:256]));
  mac_i8i8_acc32 pe_2_1 (.clk(clk), .rst(rst), .en(en_q), .a_in(a_w[11]), .b_in(b_w[9]),
                          .a_out(a_w[12]), .b_out(b_w[13]), .acc(acc[319:288]));
  mac_i8i8_acc32 pe_2_2 (.clk(clk), .rst(rst), .en(en_q), .a_in(a_w[12]), .b_in(b_w[10]),
                          .a_out(a_w[13]), .b_out(b_w[14]), .acc(acc[351:320]));
  mac_i8i8_acc32 pe_2_3 (.clk(clk), .rst(rst), .en(en_q), .a_in(a_w[13]), .b_in(b_w[11]),
                          .a_out(a_w[14]), .b_out(b_w[15]), .acc(acc[383:352]));
  mac_i8i8_acc32 pe_3_0 (.clk(clk), .rst(rst), .en(en_q), .a_in(a_w[15]), .b_in(b_w[12]),
                          .a_out(a_w[16]), .b_out(b_w[16]), .acc(acc[415:384]));
  mac_i8i8_acc32 pe_3_1 (.clk(clk), .rst(rst), .en(en_q), .a_in(a_w[16]), .b_in(b_w[13]),
                          .a_out(a_w[17]), .b_out(b_w[17]), .acc(acc[447:416]));
  mac_i8i8_acc32 pe_3_2 (.clk(clk), .rst(rst), .en(en_q), .a_in(a_w[17]), .b_in(b_w[14]),
                          .a_out(a_w[18]), .b_out(b_w[18]), .acc(acc[479:448]));
  mac_i8i8_acc32 pe_3_3 (.clk(clk), .rst(rst), .en(en_q), .a_in(a_w[18]), .b_in(b_w[15]),
                          .a_out(a_w[19]), .b_out(b_w[19]), .acc(acc[511:480]));
endmodule
