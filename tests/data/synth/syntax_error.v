// Test fixture: deliberately broken Verilog (missing semicolon and a stray
// token) so the flow's error path must show the tail of the Yosys log.
module syntax_error (input wire clk, output reg q)
  always @(posedge clk) q <= ~q
endmodule
