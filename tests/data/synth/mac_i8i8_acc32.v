// Test fixture for the synthesis flow (hw/synth_flow): a registered signed
// 8x8 -> 32-bit multiply-accumulate PE, written by hand so the register count
// is known exactly: a_q 8 + b_q 8 + acc_q 32 = 48 flip-flops.
// a_q/b_q are also forwarded (a_out/b_out) so the PE tiles into a systolic
// array (mac_array_2x2.v) the way an output-stationary PE does.
module mac_i8i8_acc32 (
  input  wire               clk,
  input  wire               rst,     // synchronous, active high
  input  wire               en,      // accumulate enable
  input  wire signed [7:0]  a_in,
  input  wire signed [7:0]  b_in,
  output wire signed [7:0]  a_out,
  output wire signed [7:0]  b_out,
  output wire signed [31:0] acc
);
  reg signed [7:0]  a_q;
  reg signed [7:0]  b_q;
  reg signed [31:0] acc_q;

  always @(posedge clk) begin
    if (rst) begin
      a_q   <= 8'sd0;
      b_q   <= 8'sd0;
      acc_q <= 32'sd0;
    end else begin
      a_q <= a_in;
      b_q <= b_in;
      if (en)
        acc_q <= acc_q + a_q * b_q;   // 16-bit signed product, sign-extended
    end
  end

  assign a_out = a_q;
  assign b_out = b_q;
  assign acc   = acc_q;
endmodule
