// Test fixture for the synthesis flow: the same registered MAC as
// mac_i8i8_acc32.v with wider operands (16x16 -> 40-bit accumulate), used to
// check that area grows with operand width. Registers: 16 + 16 + 40 = 72.
module mac_i16i16_acc40 (
  input  wire               clk,
  input  wire               rst,
  input  wire               en,
  input  wire signed [15:0] a_in,
  input  wire signed [15:0] b_in,
  output wire signed [15:0] a_out,
  output wire signed [15:0] b_out,
  output wire signed [39:0] acc
);
  reg signed [15:0] a_q;
  reg signed [15:0] b_q;
  reg signed [39:0] acc_q;

  always @(posedge clk) begin
    if (rst) begin
      a_q   <= 16'sd0;
      b_q   <= 16'sd0;
      acc_q <= 40'sd0;
    end else begin
      a_q <= a_in;
      b_q <= b_in;
      if (en)
        acc_q <= acc_q + a_q * b_q;
    end
  end

  assign a_out = a_q;
  assign b_out = b_q;
  assign acc   = acc_q;
endmodule
